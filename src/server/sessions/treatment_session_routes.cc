// Treatment sessions: book one with its dose, see the nurse station's list and one session whole,
// move it through its phases, confirm its checklists and acknowledge its alarms. Vital signs come
// in through vitals_routes.cc (and HL7, mllp_listener.cc).
#include <algorithm>

#include "core/decimal_text.h"
#include "server/api.h"
#include "server/http/credentials.h"
#include "server/http/problem.h"
#include "server/live/session_monitor.h"
#include "server/schedule/schedule_support.h"
#include "server/sessions/session_calendar.h"
#include "server/sessions/session_json.h"

namespace plasticity::server {
namespace {

constexpr std::size_t kMaxNoteLength = 2000;

// Doses this patient actually received before on the protocol (for esketamine's 84 mg rule).
std::vector<double> prior_doses(Store& store, const std::string& patient_id,
                                const std::string& protocol_id) {
  std::vector<double> doses;
  for (const auto& s : store.patient_treatment_sessions(patient_id)) {
    if (s.protocol_id == protocol_id && s.dosing_started_at) doses.push_back(s.dose.dose_mg);
  }
  return doses;
}

// The chart version that last changed the weight: when the patient was weighed, as recorded.
std::optional<PatientVersion> weight_version(Store& store, const std::string& patient_id) {
  std::optional<PatientVersion> since;
  for (auto& version : store.patient_history(patient_id)) {  // oldest first
    if (!since || version.record.demographics.weight_kg != since->record.demographics.weight_kg) {
      since = std::move(version);
    }
  }
  return since;
}

}  // namespace

std::variant<TreatmentSession, SessionRefusal> prepare_session(ApiServices& services,
                                                               const RequestContext& context,
                                                               SessionRequest request) {
  const Protocol* protocol = services.protocols.find(request.protocol_id);
  if (!protocol) {
    std::string known;
    for (const auto& [id, p] : services.protocols.all()) known += (known.empty() ? "" : ", ") + id;
    return SessionRefusal{"Unknown protocol",
                          {{"protocol", "one_of", "protocol must be one of " + known}}};
  }
  const auto patient = services.store.find_patient(request.patient_id);
  if (!patient) {
    return SessionRefusal{
        "Unknown patient",
        {{"patient_id", "exists", "no patient has the id " + request.patient_id}}};
  }
  std::optional<std::string> stale_weight;
  if (!request.prescription.weight_kg && patient->demographics.weight_kg) {
    const auto weighed = weight_version(services.store, patient->id);
    const UtcTime weighed_at = weighed ? weighed->record.updated_at : patient->updated_at;
    request.prescription.weight_kg = patient->demographics.weight_kg;
    request.prescription.weight_source =
        "recorded in the patient's chart on " + to_iso8601(weighed_at).substr(0, 10) +
        " (version " + std::to_string(weighed ? weighed->record.version : patient->version) + ")";
    const std::int64_t age_days =
        (request.scheduled_at->epoch_ms - weighed_at.epoch_ms) / (24 * 60 * kMillisPerMinute);
    if (age_days > services.options.weight_max_age_days) {
      stale_weight = "Weight older than " + std::to_string(services.options.weight_max_age_days) +
                     " days: recorded " + std::to_string(age_days) +
                     " days before this session; weigh the patient and book again if it changed";
    }
  }
  if (request.lot_expiry && *request.lot_expiry < utc_date_of(*request.scheduled_at)) {
    return SessionRefusal{
        "Expired lot",
        {{"lot_expiry", "not_expired", "the lot expires before the session is scheduled"}}};
  }
  request.prescription.prior_doses_mg =
      prior_doses(services.store, request.patient_id, request.protocol_id);
  DoseResult dose = calculate_dose(*protocol, request.prescription);
  if (!dose.dose) return SessionRefusal{"The dose cannot be given", dose.errors};
  if (stale_weight) dose.dose->notes.insert(dose.dose->notes.begin(), *stale_weight);

  TreatmentSession session;
  session.id = new_random_id();
  session.patient_id = request.patient_id;
  session.protocol_id = protocol->id;
  session.chair = request.chair;
  session.scheduled_at = *request.scheduled_at;
  session.dose = *dose.dose;
  session.concentration_mg_per_ml = request.prescription.concentration_mg_per_ml;
  session.dose_reason = request.prescription.reason;
  session.lot_number = request.lot_number;
  session.lot_expiry = request.lot_expiry;
  session.created_by = context.staff->id;
  session.created_at = context.now;
  return session;
}

namespace {

http::Response create_session(ApiServices& services, RequestContext& context) {
  Json body;
  if (auto refusal = read_json_body(context, body)) return *refusal;
  SessionRequest request;
  FieldErrors errors = read_session_request(body, request);
  if (!errors.empty()) return invalid_input("The session is not valid", errors);
  auto prepared = prepare_session(services, context, std::move(request));
  if (auto* refusal = std::get_if<SessionRefusal>(&prepared)) {
    return invalid_input(refusal->title, refusal->errors);
  }
  const TreatmentSession& session = std::get<TreatmentSession>(prepared);
  auto place = calendar_place(services, session);
  if (auto* refusal = std::get_if<http::Response>(&place)) return std::move(*refusal);
  const auto& appointment = std::get<std::optional<Appointment>>(place);
  const AuditEntry audit = audit_entry(context, "session.create", "success", session.patient_id,
                                       "session " + session.id + " " + session.protocol_id);
  if (!appointment) {
    services.store.create_treatment_session(session, audit);
  } else {
    const auto schedule = services.store.lock_schedule();
    if (const auto conflicts = collisions(services, *appointment); !conflicts.empty()) {
      return conflict_response(conflicts);
    }
    ScheduleChange change;
    change.sessions = {session};
    change.appointments = {*appointment};
    change.messages = instructions_for(services, *appointment, {}, context.now);
    change.staff_id = context.staff->id;
    change.at = context.now;
    services.store.apply_schedule_change(change, audit);
  }
  services.monitor.phase_changed(session, context.now);
  return json_response(201, session_to_json(session, services.protocols.find(session.protocol_id)))
      .with_header("Location", "/api/v1/sessions/" + session.id);
}

// What the nurse station shows for each chair: the session, who is in it, latest vitals, alarms.
OrderedJson chair_summary(ApiServices& services, const TreatmentSession& session) {
  OrderedJson json = session_to_json(session, services.protocols.find(session.protocol_id));
  if (auto patient = services.store.find_patient(session.patient_id)) {
    json["patient"] = patient_brief_to_json(*patient);
  }
  OrderedJson vitals = OrderedJson::object();
  for (const auto& reading : services.store.latest_session_vitals(session.id)) {
    vitals[std::string(to_string(reading.kind))] = vital_reading_to_json(reading);
  }
  json["latest_vitals"] = vitals;
  OrderedJson alarms = OrderedJson::array();
  for (const auto& alarm : services.store.session_alarms(session.id, true)) {
    alarms.push_back(session_alarm_to_json(alarm));
  }
  json["open_alarms"] = alarms;
  return json;
}

http::Response list_sessions(ApiServices& services, RequestContext& context) {
  // Today's chairs: a session booked for a later day (a plan's course) waits on the calendar.
  const auto clinic = services.settings.get();
  const ClinicTimeZone& zone = *clinic->schedule.time_zone;
  const UtcTime tomorrow = zone.to_utc(add_days(zone.to_local(context.now).date, 1), 0);
  auto sessions = services.store.active_treatment_sessions();
  std::erase_if(sessions, [&](const TreatmentSession& s) {
    return s.phase == SessionPhase::scheduled && s.scheduled_at >= tomorrow;
  });
  OrderedJson items = OrderedJson::array();
  for (const auto& session : sessions) items.push_back(chair_summary(services, session));
  if (!sessions.empty()) {
    std::vector<std::string> shown;
    for (const auto& session : sessions) shown.push_back(session.patient_id);
    services.store.append_audit(
        list_audit_entry(context, "session.list", std::nullopt, std::move(shown),
                         std::to_string(sessions.size()) + " active sessions"));
  }
  return json_response(200, {{"items", items}});
}

// One line of a patient's treatment history: the session, when it ended, and what happened in it.
OrderedJson history_entry(ApiServices& services, const TreatmentSession& session) {
  OrderedJson json = session_to_json(session, services.protocols.find(session.protocol_id));
  std::optional<UtcTime> ended_at;
  for (const auto& t : services.store.session_transitions(session.id)) {
    if (is_finished(t.to)) ended_at = t.at;
  }
  int adverse_events = 0, serious = 0;
  for (const auto& event : services.store.session_events(session.id)) {
    if (event.kind != "adverse_event") continue;
    ++adverse_events;
    serious += Json::parse(event.payload_json, nullptr, false).value("serious", false) ? 1 : 0;
  }
  const auto alarms = services.store.session_alarms(session.id, false);
  json["ended_at"] = optional_time(ended_at);
  json["alarm_count"] = alarms.size();
  json["critical_alarm_count"] =
      std::count_if(alarms.begin(), alarms.end(),
                    [](const SessionAlarm& a) { return a.severity == AlarmSeverity::critical; });
  json["adverse_event_count"] = adverse_events;
  json["serious_adverse_event_count"] = serious;
  return json;
}

http::Response list_patient_sessions(ApiServices& services, RequestContext& context) {
  const std::string& patient_id = context.params.at("id");
  if (!services.store.find_patient(patient_id)) return patient_not_found(patient_id);
  auto sessions = services.store.patient_treatment_sessions(patient_id);
  std::stable_sort(sessions.begin(), sessions.end(),
                   [](const TreatmentSession& a, const TreatmentSession& b) {
                     return b.scheduled_at < a.scheduled_at;  // newest first
                   });
  OrderedJson items = OrderedJson::array();
  for (const auto& session : sessions) items.push_back(history_entry(services, session));
  services.store.append_audit(audit_entry(context, "session.list", "success", patient_id,
                                          std::to_string(sessions.size()) + " sessions"));
  return json_response(200, {{"items", items}});
}

http::Response read_session(ApiServices& services, RequestContext& context) {
  const std::string& id = context.params.at("id");
  const auto session = services.store.find_treatment_session(id);
  if (!session) return session_not_found(id);
  const Protocol* protocol = services.protocols.find(session->protocol_id);
  OrderedJson json = chair_summary(services, *session);
  const auto checklist = services.store.session_checklist(id);
  if (protocol) {
    json["pre_checks"] =
        checklist_to_json(protocol->pre_checks, latest_checklist(checklist, "pre_checks"));
    json["discharge_checklist"] =
        checklist_to_json(protocol->discharge_checklist, latest_checklist(checklist, "discharge"));
  }
  OrderedJson transitions = OrderedJson::array();
  for (const auto& t : services.store.session_transitions(id)) {
    transitions.push_back(transition_to_json(t));
  }
  json["transitions"] = transitions;
  OrderedJson vitals = OrderedJson::array();
  for (const auto& reading : services.store.session_vitals(id, std::nullopt)) {
    vitals.push_back(vital_reading_to_json(reading));
  }
  json["vitals"] = vitals;
  OrderedJson alarms = OrderedJson::array();
  for (const auto& alarm : services.store.session_alarms(id, false)) {
    alarms.push_back(session_alarm_to_json(alarm));
  }
  json["alarms"] = alarms;
  OrderedJson events = OrderedJson::array();
  for (const auto& event : services.store.session_events(id)) {
    events.push_back(session_event_to_json(event));
  }
  json["events"] = events;
  services.store.append_audit(
      audit_entry(context, "session.read", "success", session->patient_id, "session " + id));
  return json_response(200, json);
}

bool has_pre_dose_vitals(Store& store, const std::string& session_id) {
  bool sbp = false, dbp = false, hr = false;
  for (const auto& r : store.session_vitals(session_id, std::nullopt)) {
    sbp |= r.kind == VitalKind::systolic_bp;
    dbp |= r.kind == VitalKind::diastolic_bp;
    hr |= r.kind == VitalKind::heart_rate;
  }
  return sbp && dbp && hr;
}

// When the infusion should end: its minutes from the start of dosing, plus the time it was paused.
std::optional<UtcTime> infusion_planned_end(const TreatmentSession& session,
                                            const std::vector<SessionTransition>& transitions,
                                            UtcTime now) {
  if (!session.dose.infusion_minutes || !session.dosing_started_at) return std::nullopt;
  std::int64_t paused_ms = 0;
  std::int64_t paused_since = -1;  // epoch ms of the pause still open, or -1
  for (const auto& t : transitions) {
    if (t.to == SessionPhase::paused) paused_since = t.at.epoch_ms;
    if (t.from == SessionPhase::paused && paused_since >= 0) {
      paused_ms += t.at.epoch_ms - paused_since;
      paused_since = -1;
    }
  }
  if (paused_since >= 0) paused_ms += now.epoch_ms - paused_since;
  return UtcTime{session.dosing_started_at->epoch_ms +
                 std::int64_t{*session.dose.infusion_minutes} * kMillisPerMinute + paused_ms};
}

http::Response transition(ApiServices& services, RequestContext& context) {
  const std::string& id = context.params.at("id");
  Json body;
  if (auto refusal = read_json_body(context, body)) return *refusal;
  FieldErrors errors;
  const Json to_json = body.is_object() ? body.value("to", Json()) : Json();
  const auto parsed_to =
      to_json.is_string() ? parse_session_phase(to_json.get<std::string>()) : std::nullopt;
  const SessionPhase to_phase = parsed_to.value_or(SessionPhase::scheduled);
  const SessionPhase* to = parsed_to ? &to_phase : nullptr;
  if (!to) errors.push_back({"to", "one_of", "to must name a phase, e.g. checked_in or dosing"});
  const Json reason = body.is_object() ? body.value("reason", Json("")) : Json("");
  if (!reason.is_string() || reason.get<std::string>().size() > kMaxNoteLength) {
    errors.push_back({"reason", "text", "reason must be text of at most 2000 characters"});
  }
  const Json override_json =
      body.is_object() ? body.value("override_minimum", Json(false)) : Json();
  if (!override_json.is_boolean()) {
    errors.push_back({"override_minimum", "boolean", "override_minimum must be true or false"});
  }
  const Json dose_given = body.is_object() ? body.value("dose_given_mg", Json()) : Json();
  if (!dose_given.is_null() && (!dose_given.is_number() || dose_given.get<double>() < 0)) {
    errors.push_back({"dose_given_mg", "range", "dose_given_mg must be a number of mg, 0 or more"});
  }
  if (!errors.empty()) return invalid_input("The transition is not valid", errors);
  const auto session = services.store.find_treatment_session(id);
  if (!session) return session_not_found(id);
  if (!dose_given.is_null() && dose_given.get<double>() > session->dose.dose_mg) {
    return invalid_input("The transition is not valid",
                         {{"dose_given_mg", "at_most_prescribed",
                           "dose_given_mg must not exceed the prescribed " +
                               decimal_text(session->dose.dose_mg, 3) + " mg"}});
  }
  const Protocol* protocol = services.protocols.find(session->protocol_id);
  if (!protocol) {
    return problem(409, "protocol-missing", "Protocol not configured",
                   "the session's protocol " + session->protocol_id + " is not in the catalog");
  }
  const auto checklist = services.store.session_checklist(id);
  TransitionFacts facts;
  facts.pre_checks_missing =
      unconfirmed(protocol->pre_checks, latest_checklist(checklist, "pre_checks"));
  facts.pre_dose_vitals_recorded = has_pre_dose_vitals(services.store, id);
  facts.dosing_started_at = session->dosing_started_at;
  facts.minimum_monitoring_minutes = protocol->minimum_monitoring_minutes;
  facts.discharge_items_unconfirmed =
      unconfirmed(protocol->discharge_checklist, latest_checklist(checklist, "discharge"));
  for (const auto& alarm : services.store.session_alarms(id, true)) {
    if (!alarm.acknowledged_at) ++facts.unacknowledged_alarms;
  }
  facts.now = context.now;
  facts.actor_is_prescriber = context.staff->role == Role::prescriber;
  facts.reason = reason.get<std::string>();
  facts.override_minimum = override_json.get<bool>();
  facts.infusion_planned_end =
      infusion_planned_end(*session, services.store.session_transitions(id), context.now);
  if (!dose_given.is_null()) facts.dose_given_mg = dose_given.get<double>();
  const TransitionDecision decision = decide_transition(session->phase, *to, facts);
  if (!decision.allowed) {
    services.store.append_audit(audit_entry(context, "session.transition", "failure",
                                            session->patient_id,
                                            "refused " + decision.rule + ": " + decision.message));
    std::string slug = decision.rule;
    std::replace(slug.begin(), slug.end(), '_', '-');
    return problem(409, slug, "Transition refused", decision.message,
                   {{"to", decision.rule, decision.message}});
  }
  const SessionTransition change{id,           session->phase,         *to,
                                 context.now,  context.staff->id,      context.staff->username,
                                 facts.reason, facts.override_minimum, facts.dose_given_mg};
  const auto status = services.store.record_transition(
      change,
      audit_entry(
          context, "session.transition", "success", session->patient_id,
          std::string(to_string(session->phase)) + " -> " + std::string(to_string(*to)) +
              (facts.dose_given_mg ? " (" + decimal_text(*facts.dose_given_mg, 3) + " mg given)"
                                   : "") +
              (facts.reason.empty() ? "" : ": " + facts.reason)));
  if (status == TransitionStatus::phase_changed) {
    return problem(409, "phase-changed", "The session moved on",
                   "someone else changed this session's phase; reload it and try again");
  }
  if (*to == SessionPhase::aborted) free_calendar_place(services, context, id);
  const auto updated = services.store.find_treatment_session(id);
  services.monitor.phase_changed(*updated, context.now);
  if (*to == SessionPhase::discharged) review_plan_after_discharge(services, context, *updated);
  return json_response(200, session_to_json(*updated, protocol));
}

http::Response confirm_checklist(ApiServices& services, RequestContext& context) {
  const std::string& id = context.params.at("id");
  Json body;
  if (auto refusal = read_json_body(context, body)) return *refusal;
  const auto session = services.store.find_treatment_session(id);
  if (!session) return session_not_found(id);
  const Protocol* protocol = services.protocols.find(session->protocol_id);
  const Json given_list = body.value("list", Json());
  const std::string list = given_list.is_string() ? given_list.get<std::string>() : "";
  if (!protocol || (list != "pre_checks" && list != "discharge")) {
    return invalid_input("Unknown checklist",
                         {{"list", "one_of", "list must be pre_checks or discharge"}});
  }
  const auto& items = list == "pre_checks" ? protocol->pre_checks : protocol->discharge_checklist;
  const Json answers = body.value("items", Json());
  FieldErrors errors;
  std::vector<ChecklistEntry> entries;
  if (!answers.is_object() || answers.empty()) {
    errors.push_back({"items", "object", "items must map item ids to true or false"});
  } else {
    for (const auto& [item_id, value] : answers.items()) {
      const bool known =
          std::any_of(items.begin(), items.end(),
                      [&item_id = item_id](const ChecklistItem& i) { return i.id == item_id; });
      if (!known) {
        errors.push_back({"items/" + item_id, "known_item", item_id + " is not on this list"});
      } else if (!value.is_boolean()) {
        errors.push_back({"items/" + item_id, "boolean", item_id + " must be true or false"});
      } else {
        entries.push_back({id, list, item_id, value.get<bool>(), context.now, context.staff->id,
                           context.staff->username});
      }
    }
  }
  if (!errors.empty()) return invalid_input("The checklist is not valid", errors);
  if (is_finished(session->phase)) {
    return problem(409, "session-finished", "Session finished",
                   "the session is " + std::string(to_string(session->phase)));
  }
  services.store.record_checklist(
      entries, audit_entry(context, "session.checklist", "success", session->patient_id,
                           list + ": " + std::to_string(entries.size()) + " items"));
  return json_response(
      200, {{"list", list},
            {"items", checklist_to_json(
                          items, latest_checklist(services.store.session_checklist(id), list))}});
}

http::Response acknowledge_alarm(ApiServices& services, RequestContext& context) {
  const std::string& id = context.params.at("id");
  const std::string& alarm_id = context.params.at("alarm_id");
  Json body;
  if (auto refusal = read_json_body(context, body)) return *refusal;
  const Json action = body.is_object() ? body.value("action", Json()) : Json();
  if (!action.is_string() ||
      action.get<std::string>().find_first_not_of(" \t\r\n") == std::string::npos ||
      action.get<std::string>().size() > kMaxNoteLength) {
    return invalid_input(
        "Say what was done",
        {{"action", "required", "action must say what was done (1 to 2000 characters)"}});
  }
  const auto session = services.store.find_treatment_session(id);
  if (!session) return session_not_found(id);
  const auto status = services.monitor.acknowledge(
      *session, alarm_id, context.staff->id, action.get<std::string>(), context.now,
      audit_entry(context, "alarm.acknowledge", "success", session->patient_id,
                  "alarm " + alarm_id + ": " + action.get<std::string>()));
  if (status == AcknowledgeStatus::not_found) {
    return problem(404, "alarm-not-found", "No such alarm",
                   "session " + id + " has no alarm " + alarm_id);
  }
  if (status == AcknowledgeStatus::already_acknowledged) {
    return problem(409, "alarm-acknowledged", "Already acknowledged",
                   "this alarm was acknowledged already");
  }
  return json_response(200, session_alarm_to_json(*services.store.find_session_alarm(alarm_id)));
}

http::Response list_protocols(ApiServices& services, RequestContext&) {
  OrderedJson items = OrderedJson::array();
  for (const auto& [id, protocol] : services.protocols.all()) {
    items.push_back(protocol_to_json(protocol));
  }
  return json_response(200, {{"items", items}});
}

}  // namespace

void add_treatment_session_routes(Router& router, ApiServices& services) {
  router.add("GET", "/api/v1/protocols", Access::signed_in(),
             with_services(services, list_protocols));
  router.add("POST", "/api/v1/sessions", Access::needs(Permission::prescribe_doses),
             with_services(services, create_session));
  router.add("GET", "/api/v1/sessions", Access::needs(Permission::read_sessions),
             with_services(services, list_sessions));
  router.add("GET", "/api/v1/patients/{id}/sessions", Access::needs(Permission::read_sessions),
             with_services(services, list_patient_sessions));
  router.add("GET", "/api/v1/sessions/{id}", Access::needs(Permission::read_sessions),
             with_services(services, read_session));
  router.add("POST", "/api/v1/sessions/{id}/transitions", Access::needs(Permission::run_sessions),
             with_services(services, transition));
  router.add("POST", "/api/v1/sessions/{id}/checklist", Access::needs(Permission::run_sessions),
             with_services(services, confirm_checklist));
  router.add("POST", "/api/v1/sessions/{id}/alarms/{alarm_id}/acknowledgement",
             Access::needs(Permission::run_sessions), with_services(services, acknowledge_alarm));
}

}  // namespace plasticity::server
