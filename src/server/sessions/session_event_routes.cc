// What is recorded at the chair (sedation, adverse events, the controlled-substance account, the
// REMS monitoring-form answers) and the monitoring form itself: as JSON, as a PDF, its submission,
// and the list of forms still to send with their 7-day clock.
#include <algorithm>
#include <cctype>

#include "interop/monitoring_form_pdf.h"
#include "monitoring/chair_records.h"
#include "server/api.h"
#include "server/http/credentials.h"
#include "server/http/problem.h"
#include "server/live/live_hub.h"
#include "server/sessions/session_json.h"

namespace plasticity::server {
namespace {

constexpr std::int64_t kUnsentLookbackMs = 30LL * 24 * 60 * kMillisPerMinute;

std::string text(const Json& body, const char* key) {
  const Json value = body.value(key, Json(""));
  return value.is_string() ? value.get<std::string>() : "";
}

// Checks one event body by its kind; the payload kept is exactly what was checked.
FieldErrors check_event(ApiServices& services, const RequestContext& context,
                        const TreatmentSession& session, const std::string& kind,
                        const Json& body) {
  if (kind == "sedation") {
    const Json moaas = body.value("moaas", Json());
    if (!moaas.is_number_integer()) {
      return {{"moaas", "range", "moaas must be a whole number from 0 to 5"}};
    }
    return validate_sedation({moaas.get<int>()});
  }
  if (kind == "adverse_event") {
    const Json serious = body.value("serious", Json(false));
    FieldErrors errors = validate_adverse_event(
        {text(body, "type"), text(body, "description"), text(body, "severity"),
         serious.is_boolean() && serious.get<bool>(), text(body, "interventions")});
    for (auto& e : errors) {
      if (e.field == "kind") e = {"type", e.rule, "type" + e.message.substr(4)};
    }
    if (!serious.is_boolean())
      errors.push_back({"serious", "boolean", "serious must be true or false"});
    return errors;
  }
  if (kind == "controlled_substance") {
    auto amount = [&](const char* key) {
      const Json v = body.value(key, Json());
      return v.is_number() ? v.get<double>() : -1.0;
    };
    const std::string witness = text(body, "witness");
    FieldErrors errors =
        validate_controlled_substance({amount("dispensed_mg"), amount("administered_mg"),
                                       amount("wasted_mg"), text(body, "lot_number"), witness},
                                      context.staff->username, session.dose.dose_mg);
    if (!witness.empty() && witness != context.staff->username) {
      const auto staff = services.store.find_staff_by_username(witness);
      if (!staff || !role_may(staff->role, Permission::run_sessions)) {
        errors.push_back({"witness", "clinical_staff",
                          "the witness must be a nurse or prescriber with an account"});
      }
    }
    return errors;
  }
  if (kind == "monitoring_form") {
    MonitoringFormAnswers answers;
    return read_monitoring_form_answers(body, answers);
  }
  if (kind == "ready_to_leave") {
    // When the patient would have been ready to go, had there been no minimum monitoring time.
    const auto at = parse_iso8601(text(body, "ready_at"));
    if (!at) return {{"ready_at", "timestamp", "ready_at must be an ISO 8601 time"}};
    if (!session.dosing_started_at || *at < *session.dosing_started_at || *at > context.now) {
      return {{"ready_at", "during_session",
               "ready_at must be after the first dose and not in the future"}};
    }
    return {};
  }
  return {{"kind", "one_of",
           "kind must be sedation, adverse_event, controlled_substance, monitoring_form or "
           "ready_to_leave"}};
}

http::Response record_event(ApiServices& services, RequestContext& context) {
  const std::string& id = context.params.at("id");
  Json body;
  if (auto refusal = read_json_body(context, body)) return *refusal;
  if (!body.is_object())
    return invalid_input("Not an object", {{"", "object", "send a JSON object"}});
  const auto session = services.store.find_treatment_session(id);
  if (!session) return session_not_found(id);
  const std::string kind = text(body, "kind");
  const FieldErrors errors = check_event(services, context, *session, kind, body);
  if (!errors.empty()) return invalid_input("The record is not valid", errors);
  const SessionEvent event{
      new_random_id(),         id,         kind, context.now, context.staff->id,
      context.staff->username, body.dump()};
  services.store.record_session_event(
      event, audit_entry(context, "session.event", "success", session->patient_id,
                         "session " + id + ": " + kind));
  services.hub.publish({{"type", "event"}, {"session_id", id}, {"kind", kind}});
  return json_response(201, session_event_to_json(event));
}

// A session's phase changes and chair records, read once per request: the form, its
// suggestions and its submission all come from them.
struct ChairRecord {
  std::vector<SessionTransition> transitions;
  std::vector<SessionEvent> events;
};

ChairRecord chair_record(Store& store, const std::string& session_id) {
  return {store.session_transitions(session_id), store.session_events(session_id)};
}

// Everything the form needs from the record, with the latest answers.
std::optional<MonitoringForm> form_for(ApiServices& services, const TreatmentSession& session,
                                       const ChairRecord& record) {
  if (!session.dosing_started_at) return std::nullopt;
  MonitoringFormFacts facts;
  facts.first_device_at = *session.dosing_started_at;
  facts.dose_mg = session.dose.dose_mg;
  facts.lot_number = session.lot_number;
  for (const auto& t : record.transitions) {
    if (t.to == SessionPhase::discharged) facts.completed_at = t.at;
  }
  std::vector<TimedValue> systolic, diastolic;
  for (const auto& r : services.store.session_vitals(session.id, std::nullopt)) {
    if (r.kind == VitalKind::systolic_bp) systolic.push_back({r.measured_at, r.value});
    if (r.kind == VitalKind::diastolic_bp) diastolic.push_back({r.measured_at, r.value});
  }
  facts.blood_pressures = pair_blood_pressures(systolic, diastolic);
  MonitoringFormAnswers answers;
  std::optional<UtcTime> ready_at;
  for (const auto& event : record.events) {
    const Json payload = Json::parse(event.payload_json, nullptr, false);
    if (event.kind == "monitoring_form") {
      answers = {};  // the latest answers stand
      read_monitoring_form_answers(payload, answers);
    }
    if (event.kind == "controlled_substance" && facts.lot_number.empty()) {
      facts.lot_number = payload.value("lot_number", "");
    }
    if (event.kind == "adverse_event" && payload.value("serious", false)) {
      ++facts.serious_adverse_events;
    }
    if (event.kind == "ready_to_leave") ready_at = parse_iso8601(payload.value("ready_at", ""));
  }
  // The REMS question "when would this patient have been ready to leave?", from the chair's
  // record when the form does not answer it itself.
  if (!answers.ready_to_leave_minutes && ready_at) {
    answers.ready_to_leave_minutes =
        static_cast<int>((ready_at->epoch_ms - facts.first_device_at.epoch_ms) / kMillisPerMinute);
  }
  return assemble_monitoring_form(facts, answers);
}

// What the chart says about the form's questions: the medicines of the last screening before the
// session, the chair's sedation and adverse-event records, who started the recovery.
MonitoringFormEvidence evidence_for(ApiServices& services, const TreatmentSession& session,
                                    const ChairRecord& record) {
  MonitoringFormEvidence evidence;
  std::optional<ScreeningRecord> latest;
  for (auto& screening : services.store.patient_screenings(session.patient_id)) {
    if (screening.screened_at <= session.scheduled_at &&
        (!latest || latest->screened_at < screening.screened_at)) {
      latest = std::move(screening);
    }
  }
  if (latest) {
    const Json intake = Json::parse(latest->intake_json, nullptr, false);
    if (intake.is_object()) {
      for (const auto& [question, value] : intake.items()) {
        if (value.is_boolean()) evidence.screening_medicines[question] = value.get<bool>() ? 1 : 0;
        if (value.is_number()) evidence.screening_medicines[question] = value.get<double>();
      }
    }
  }
  for (const auto& event : record.events) {
    const Json payload = Json::parse(event.payload_json, nullptr, false);
    if (event.kind == "sedation") evidence.moaas_scores.push_back(payload.value("moaas", 5));
    if (event.kind == "adverse_event")
      evidence.adverse_event_kinds.push_back(payload.value("type", ""));
  }
  for (const auto& t : record.transitions) {
    if (t.to == SessionPhase::recovery) evidence.recovery_started_by = t.username;
  }
  return evidence;
}

std::optional<UtcTime> submitted_at(const ChairRecord& record) {
  for (const auto& event : record.events) {
    if (event.kind == "monitoring_form_submitted") return event.at;
  }
  return std::nullopt;
}

// The session, its protocol's requirement and the form, or the problem to answer.
struct FormRequest {
  std::optional<TreatmentSession> session;
  ChairRecord record;
  std::optional<MonitoringForm> form;
  std::optional<http::Response> refusal;
};

FormRequest form_request(ApiServices& services, const std::string& id) {
  FormRequest request;
  request.session = services.store.find_treatment_session(id);
  if (!request.session) return {{}, {}, {}, session_not_found(id)};
  const Protocol* protocol = services.protocols.find(request.session->protocol_id);
  if (!protocol || !protocol->monitoring_form_required) {
    return {{},
            {},
            {},
            problem(404, "no-monitoring-form", "No monitoring form",
                    "this session's protocol needs no REMS monitoring form")};
  }
  request.record = chair_record(services.store, id);
  request.form = form_for(services, *request.session, request.record);
  if (!request.form) {
    return {{},
            {},
            {},
            problem(409, "not-dosed", "Not dosed yet",
                    "the monitoring form starts with the first device")};
  }
  return request;
}

http::Response read_form(ApiServices& services, RequestContext& context) {
  auto request = form_request(services, context.params.at("id"));
  if (request.refusal) return *request.refusal;
  services.store.append_audit(audit_entry(context, "monitoring_form.read", "success",
                                          request.session->patient_id,
                                          "session " + request.session->id));
  OrderedJson json = monitoring_form_to_json(*request.form);
  json["submitted_at"] = optional_time(submitted_at(request.record));
  json["session_id"] = request.session->id;
  json["patient_id"] = request.session->patient_id;
  if (const auto patient = services.store.find_patient(request.session->patient_id)) {
    json["patient"] = patient_brief_to_json(*patient);
  }
  const auto suggested =
      suggest_monitoring_form_answers(evidence_for(services, *request.session, request.record));
  json["suggested"] = monitoring_form_answers_to_json(suggested.answers);
  json["suggestion_basis"] = suggested.basis;
  OrderedJson labels = OrderedJson::object();
  for (const auto& [field, label] : monitoring_form_fields()) labels[field] = label;
  json["labels"] = labels;
  return json_response(200, json);
}

http::Response form_pdf(ApiServices& services, RequestContext& context) {
  auto request = form_request(services, context.params.at("id"));
  if (request.refusal) return *request.refusal;
  const auto patient = services.store.find_patient(request.session->patient_id);
  const auto& d = patient->demographics;
  const auto clinic = services.settings.get();
  const std::string pdf =
      monitoring_form_pdf(*request.form,
                          {d.given_name, d.family_name, to_iso_string(d.birth_date),
                           std::string(to_string(d.sex_at_birth)), d.mrn},
                          *clinic->schedule.time_zone);
  services.store.append_audit(audit_entry(context, "monitoring_form.pdf", "success",
                                          request.session->patient_id,
                                          "session " + request.session->id));
  http::Response response{200, "application/pdf", {}, pdf};
  // Named for the people who file it: the MRN (letters, digits and dashes only) and the date.
  std::string mrn = d.mrn;
  std::replace_if(
      mrn.begin(), mrn.end(), [](unsigned char c) { return !std::isalnum(c); }, '-');
  const std::string date =
      to_iso_string(clinic->schedule.time_zone->to_local(request.form->facts.first_device_at).date);
  return response.with_header("Content-Disposition", "inline; filename=\"rems-monitoring-form-" +
                                                         mrn + "-" + date + ".pdf\"");
}

http::Response submit_form(ApiServices& services, RequestContext& context) {
  auto request = form_request(services, context.params.at("id"));
  if (request.refusal) return *request.refusal;
  if (!request.form->missing.empty()) {
    FieldErrors errors;
    for (const auto& field : request.form->missing) {
      errors.push_back({field, "required", field + " is still missing on the form"});
    }
    return problem(409, "form-incomplete", "The form is incomplete",
                   std::to_string(errors.size()) + " items are missing", errors);
  }
  if (submitted_at(request.record)) {
    return problem(409, "form-submitted", "Already submitted", "this form was submitted already");
  }
  const SessionEvent event{new_random_id(),
                           request.session->id,
                           "monitoring_form_submitted",
                           context.now,
                           context.staff->id,
                           context.staff->username,
                           "{}"};
  services.store.record_session_event(
      event, audit_entry(context, "monitoring_form.submit", "success", request.session->patient_id,
                         "session " + request.session->id));
  return json_response(201, session_event_to_json(event));
}

http::Response unsent_forms(ApiServices& services, RequestContext& context) {
  OrderedJson items = OrderedJson::array();
  std::vector<std::string> shown;
  for (const auto& session :
       services.store.treatment_sessions_since(UtcTime{context.now.epoch_ms - kUnsentLookbackMs})) {
    const Protocol* protocol = services.protocols.find(session.protocol_id);
    if (!protocol || !protocol->monitoring_form_required || !session.dosing_started_at) continue;
    const ChairRecord record = chair_record(services.store, session.id);
    if (submitted_at(record)) continue;
    const auto form = form_for(services, session, record);
    const auto patient = services.store.find_patient(session.patient_id);
    items.push_back({{"session_id", session.id},
                     {"patient_id", session.patient_id},
                     {"patient", patient ? patient_brief_to_json(*patient) : OrderedJson()},
                     {"chair", session.chair},
                     {"first_device_at", to_iso8601(*session.dosing_started_at)},
                     {"due_at", optional_time(form->due_at)},
                     {"overdue", form->due_at && *form->due_at < context.now},
                     {"missing", form->missing}});
    shown.push_back(session.patient_id);
  }
  if (!shown.empty()) {
    services.store.append_audit(list_audit_entry(context, "monitoring_form.list", std::nullopt,
                                                 shown, std::to_string(items.size()) + " unsent"));
  }
  return json_response(200, {{"items", items}});
}

}  // namespace

void add_session_event_routes(Router& router, ApiServices& services) {
  router.add("POST", "/api/v1/sessions/{id}/events", Access::needs(Permission::run_sessions),
             with_services(services, record_event));
  router.add("GET", "/api/v1/sessions/{id}/monitoring-form",
             Access::needs(Permission::read_sessions), with_services(services, read_form));
  router.add("GET", "/api/v1/sessions/{id}/monitoring-form.pdf",
             Access::needs(Permission::read_sessions), with_services(services, form_pdf));
  router.add("POST", "/api/v1/sessions/{id}/monitoring-form/submission",
             Access::needs(Permission::run_sessions), with_services(services, submit_form));
  router.add("GET", "/api/v1/monitoring-forms", Access::needs(Permission::read_sessions),
             with_services(services, unsent_forms));
}

}  // namespace plasticity::server
