#include "server/sessions/session_json.h"

#include <algorithm>
#include <cmath>

#include "server/http/problem.h"

namespace plasticity::server {
namespace {

constexpr std::size_t kMaxTextLength = 500;

std::string alarm_status(const SessionAlarm& alarm) {
  if (alarm.cleared_at) return "cleared";
  if (alarm.acknowledged_at) return "acknowledged";
  return alarm.condition_ended_at ? "resolved_unacknowledged" : "active";
}

// Reads an optional number field; a present value of another type is an error.
std::optional<double> number_field(const Json& body, const std::string& name, FieldErrors& errors) {
  if (!body.contains(name) || body[name].is_null()) return std::nullopt;
  if (!body[name].is_number()) {
    errors.push_back({name, "number", name + " must be a number"});
    return std::nullopt;
  }
  return body[name].get<double>();
}

std::string text_field(const Json& body, const std::string& name, bool required,
                       FieldErrors& errors) {
  if (!body.contains(name) || body[name].is_null()) {
    if (required) errors.push_back({name, "required", name + " is required"});
    return "";
  }
  if (!body[name].is_string() || body[name].get<std::string>().size() > kMaxTextLength) {
    errors.push_back({name, "text", name + " must be text of at most 500 characters"});
    return "";
  }
  return body[name].get<std::string>();
}

}  // namespace

http::Response session_not_found(const std::string& id) {
  return problem(404, "session-not-found", "No such session",
                 "no treatment session has the id " + id);
}

FieldErrors read_session_request(const Json& body, SessionRequest& request) {
  FieldErrors errors;
  if (!body.is_object()) return {{"", "object", "the body must be a JSON object"}};
  request.patient_id = text_field(body, "patient_id", true, errors);
  request.protocol_id = text_field(body, "protocol", true, errors);
  request.chair = text_field(body, "chair", true, errors);
  const std::string scheduled = text_field(body, "scheduled_at", true, errors);
  if (!scheduled.empty()) {
    request.scheduled_at = parse_iso8601(scheduled);
    if (!request.scheduled_at) {
      errors.push_back({"scheduled_at", "timestamp", "scheduled_at must be an ISO 8601 time"});
    }
  }
  DosePrescription& rx = request.prescription;
  rx.mg_per_kg = number_field(body, "dose_mg_per_kg", errors);
  rx.mg = number_field(body, "dose_mg", errors);
  rx.weight_kg = number_field(body, "weight_kg", errors);
  rx.concentration_mg_per_ml = number_field(body, "concentration_mg_per_ml", errors);
  if (const auto minutes = number_field(body, "infusion_minutes", errors)) {
    if (*minutes != std::floor(*minutes)) {
      errors.push_back({"infusion_minutes", "whole", "infusion_minutes must be whole minutes"});
    } else {
      rx.infusion_minutes = static_cast<int>(std::clamp(*minutes, -1.0, 100000.0));
    }
  }
  rx.reason = text_field(body, "reason", false, errors);
  request.lot_number = text_field(body, "lot_number", false, errors);
  const std::string expiry = text_field(body, "lot_expiry", false, errors);
  if (!expiry.empty()) {
    request.lot_expiry = parse_iso_date(expiry);
    if (!request.lot_expiry) {
      errors.push_back({"lot_expiry", "date", "lot_expiry must be a date, YYYY-MM-DD"});
    }
  }
  return errors;
}

std::map<std::string, ChecklistEntry> latest_checklist(const std::vector<ChecklistEntry>& entries,
                                                       const std::string& list) {
  std::map<std::string, ChecklistEntry> state;
  for (const auto& entry : entries) {
    if (entry.list == list) state[entry.item_id] = entry;
  }
  return state;
}

std::vector<std::string> unconfirmed(const std::vector<ChecklistItem>& items,
                                     const std::map<std::string, ChecklistEntry>& state) {
  std::vector<std::string> missing;
  for (const auto& item : items) {
    const auto found = state.find(item.id);
    if (found == state.end() || !found->second.confirmed) missing.push_back(item.id);
  }
  return missing;
}

OrderedJson dose_to_json(const TreatmentSession& session) {
  const CalculatedDose& dose = session.dose;
  return {{"prescribed_mg", dose.prescribed_mg},
          {"dose_mg", dose.dose_mg},
          {"mg_per_kg", optional_json(dose.mg_per_kg)},
          {"weight_kg", optional_json(dose.weight_kg)},
          {"concentration_mg_per_ml", optional_json(session.concentration_mg_per_ml)},
          {"volume_ml", optional_json(dose.volume_ml)},
          {"infusion_minutes", optional_json(dose.infusion_minutes)},
          {"pump_rate_ml_per_h", optional_json(dose.pump_rate_ml_per_h)},
          {"devices", optional_json(dose.devices)},
          {"device_interval_minutes", optional_json(dose.device_interval_minutes)},
          {"reason", session.dose_reason},
          {"notes", dose.notes}};
}

OrderedJson session_to_json(const TreatmentSession& session, const Protocol* protocol) {
  OrderedJson next = OrderedJson::array();
  for (SessionPhase phase : next_phases(session.phase)) next.push_back(to_string(phase));
  OrderedJson minimum;
  if (protocol && protocol->minimum_monitoring_minutes > 0) {
    minimum = {{"minutes", protocol->minimum_monitoring_minutes},
               {"regulatory", protocol->minimum_monitoring_is_regulatory},
               {"source", protocol->monitoring_source}};
    if (session.dosing_started_at) {
      minimum["ends_at"] =
          to_iso8601(UtcTime{session.dosing_started_at->epoch_ms +
                             protocol->minimum_monitoring_minutes * kMillisPerMinute});
    }
  }
  return {
      {"id", session.id},
      {"patient_id", session.patient_id},
      {"protocol", session.protocol_id},
      {"protocol_name", protocol ? OrderedJson(protocol->name) : OrderedJson()},
      {"chair", session.chair},
      {"scheduled_at", to_iso8601(session.scheduled_at)},
      {"phase", to_string(session.phase)},
      {"next_phases", next},
      {"version", session.version},
      {"dose", dose_to_json(session)},
      {"lot_number", session.lot_number},
      {"lot_expiry",
       session.lot_expiry ? OrderedJson(to_iso_string(*session.lot_expiry)) : OrderedJson()},
      {"created_at", to_iso8601(session.created_at)},
      {"dosing_started_at", optional_time(session.dosing_started_at)},
      {"minimum_monitoring", minimum},
      // The protocol's schedule for the current phase, for the "vitals due" clock.
      {"vitals_every_minutes", protocol ? OrderedJson(session.phase == SessionPhase::dosing ||
                                                              session.phase == SessionPhase::paused
                                                          ? protocol->vitals_every_minutes_dosing
                                                          : protocol->vitals_every_minutes_after)
                                        : OrderedJson()}};
}

OrderedJson transition_to_json(const SessionTransition& t) {
  return {{"from", to_string(t.from)},
          {"to", to_string(t.to)},
          {"at", to_iso8601(t.at)},
          {"by", t.username},
          {"reason", t.reason},
          {"override_minimum", t.override_minimum},
          {"dose_given_mg", optional_json(t.dose_given_mg)}};
}

OrderedJson checklist_to_json(const std::vector<ChecklistItem>& items,
                              const std::map<std::string, ChecklistEntry>& state) {
  OrderedJson list = OrderedJson::array();
  for (const auto& item : items) {
    const auto found = state.find(item.id);
    const bool confirmed = found != state.end() && found->second.confirmed;
    list.push_back(
        {{"id", item.id},
         {"label", item.label},
         {"source", item.source},
         {"confirmed", confirmed},
         {"by", found == state.end() ? OrderedJson() : OrderedJson(found->second.username)},
         {"at", found == state.end() ? OrderedJson() : OrderedJson(to_iso8601(found->second.at))}});
  }
  return list;
}

OrderedJson protocol_to_json(const Protocol& p) {
  OrderedJson rules = OrderedJson::array();
  for (const auto& r : p.alarm_rules) {
    rules.push_back({{"id", r.id},
                     {"kind", to_string(r.kind)},
                     {"test", to_string(r.test)},
                     {"threshold", r.threshold},
                     {"severity", to_string(r.severity)},
                     {"sustained_readings", r.sustained_readings},
                     {"sustained_seconds", r.sustained_seconds},
                     {"source", r.source}});
  }
  const std::map<std::string, ChecklistEntry> none;
  OrderedJson dose = {{"basis", p.dose.basis == DoseBasis::per_kg ? "per_kg" : "fixed_mg"},
                      {"source", p.dose.source}};
  if (p.dose.basis == DoseBasis::per_kg) {
    dose["default_mg_per_kg"] = p.dose.default_mg_per_kg;
    dose["min_mg_per_kg"] = p.dose.min_mg_per_kg;
    dose["max_mg_per_kg"] = p.dose.max_mg_per_kg;
  } else {
    dose["allowed_mg"] = p.dose.allowed_mg;
    dose["device_mg"] = p.dose.device_mg;
    dose["device_interval_minutes"] = p.dose.device_interval_minutes;
  }
  if (p.dose.default_infusion_minutes > 0) {
    dose["default_infusion_minutes"] = p.dose.default_infusion_minutes;
  }
  return {{"id", p.id},
          {"name", p.name},
          {"drug", p.drug},
          {"route", p.route},
          {"pk_model", p.pk_model.empty() ? OrderedJson() : OrderedJson(p.pk_model)},
          {"dose", dose},
          {"pre_checks", checklist_to_json(p.pre_checks, none)},
          {"vitals_every_minutes_dosing", p.vitals_every_minutes_dosing},
          {"vitals_every_minutes_after", p.vitals_every_minutes_after},
          {"minimum_monitoring_minutes", p.minimum_monitoring_minutes},
          {"minimum_monitoring_is_regulatory", p.minimum_monitoring_is_regulatory},
          {"monitoring_source", p.monitoring_source},
          {"alarm_rules", rules},
          {"discharge_checklist", checklist_to_json(p.discharge_checklist, none)},
          {"monitoring_form_required", p.monitoring_form_required}};
}

OrderedJson session_event_to_json(const SessionEvent& event) {
  const Json payload = Json::parse(event.payload_json, nullptr, false);
  return {{"id", event.id},
          {"session_id", event.session_id},
          {"kind", event.kind},
          {"at", to_iso8601(event.at)},
          {"by", event.username},
          {"record", payload.is_discarded() ? OrderedJson() : OrderedJson::parse(payload.dump())}};
}

FieldErrors read_monitoring_form_answers(const Json& body, MonitoringFormAnswers& answers) {
  FieldErrors errors;
  if (!body.is_object()) return {{"", "object", "the answers must be a JSON object"}};
  auto flag = [&](const char* key, std::optional<bool>& out) {
    if (!body.contains(key) || body[key].is_null()) return;
    if (!body[key].is_boolean()) {
      errors.push_back({key, "boolean", std::string(key) + " must be true or false"});
    } else {
      out = body[key].get<bool>();
    }
  };
  const Json concomitant = body.value("concomitant", Json::object());
  if (!concomitant.is_object()) {
    errors.push_back(
        {"concomitant", "object", "concomitant must map medicine classes to true/false"});
  } else {
    const auto& classes = concomitant_medicine_classes();
    for (const auto& [name, value] : concomitant.items()) {
      if (std::find(classes.begin(), classes.end(), name) == classes.end()) {
        errors.push_back(
            {"concomitant/" + name, "known_class", name + " is not a class on the form"});
      } else if (!value.is_boolean()) {
        errors.push_back({"concomitant/" + name, "boolean", name + " must be true or false"});
      } else {
        answers.concomitant[name] = value.get<bool>();
      }
    }
  }
  flag("vitals_acceptable_before", answers.vitals_acceptable_before);
  flag("vitals_acceptable_at_completion", answers.vitals_acceptable_at_completion);
  flag("sedation", answers.sedation);
  flag("dissociation", answers.dissociation);
  flag("respiratory_depression", answers.respiratory_depression);
  flag("resolved_before_leaving", answers.resolved_before_leaving);
  if (body.contains("ready_to_leave_minutes") && !body["ready_to_leave_minutes"].is_null()) {
    const Json& minutes = body["ready_to_leave_minutes"];
    if (!minutes.is_number_integer() || minutes.get<int>() < 0 || minutes.get<int>() > 24 * 60) {
      errors.push_back({"ready_to_leave_minutes", "range",
                        "ready_to_leave_minutes must be whole minutes from 0 to 1440"});
    } else {
      answers.ready_to_leave_minutes = minutes.get<int>();
    }
  }
  const Json hcp = body.value("monitoring_hcp", Json(""));
  if (!hcp.is_string() || hcp.get<std::string>().size() > kMaxTextLength) {
    errors.push_back({"monitoring_hcp", "text", "monitoring_hcp must be a name"});
  } else {
    answers.monitoring_hcp = hcp.get<std::string>();
  }
  return errors;
}

OrderedJson monitoring_form_to_json(const MonitoringForm& form) {
  auto bp = [](const std::optional<BloodPressure>& value) {
    return value ? OrderedJson{{"systolic", value->systolic},
                               {"diastolic", value->diastolic},
                               {"at", to_iso8601(value->at)}}
                 : OrderedJson();
  };
  OrderedJson json = {{"complete", form.missing.empty()},
                      {"missing", form.missing},
                      {"due_at", optional_time(form.due_at)},
                      {"first_device_at", to_iso8601(form.facts.first_device_at)},
                      {"completed_at", optional_time(form.facts.completed_at)},
                      {"dose_mg", form.facts.dose_mg},
                      {"lot_number", form.facts.lot_number},
                      {"total_monitoring_minutes", optional_json(form.total_monitoring_minutes)},
                      {"bp_before", bp(form.bp_before)},
                      {"bp_40_min", bp(form.bp_40_min)},
                      {"bp_at_completion", bp(form.bp_at_completion)}};
  const OrderedJson answers = monitoring_form_answers_to_json(form.answers);
  for (const auto& [key, value] : answers.items()) json[key] = value;
  json["serious_adverse_events"] = form.facts.serious_adverse_events;
  return json;
}

OrderedJson monitoring_form_answers_to_json(const MonitoringFormAnswers& a) {
  return {{"ready_to_leave_minutes", optional_json(a.ready_to_leave_minutes)},
          {"concomitant", a.concomitant},
          {"vitals_acceptable_before", optional_json(a.vitals_acceptable_before)},
          {"vitals_acceptable_at_completion", optional_json(a.vitals_acceptable_at_completion)},
          {"sedation", optional_json(a.sedation)},
          {"dissociation", optional_json(a.dissociation)},
          {"respiratory_depression", optional_json(a.respiratory_depression)},
          {"resolved_before_leaving", optional_json(a.resolved_before_leaving)},
          {"monitoring_hcp", a.monitoring_hcp}};
}

OrderedJson session_alarm_to_json(const SessionAlarm& alarm) {
  return {{"id", alarm.id},
          {"session_id", alarm.session_id},
          {"rule_id", alarm.rule_id},
          {"severity", to_string(alarm.severity)},
          {"message", alarm.message},
          {"value", optional_json(alarm.value)},
          {"status", alarm_status(alarm)},
          {"raised_at", to_iso8601(alarm.raised_at)},
          {"condition_ended_at", optional_time(alarm.condition_ended_at)},
          {"acknowledged_by",
           alarm.acknowledged_at ? OrderedJson(alarm.acknowledged_by_username) : OrderedJson()},
          {"acknowledged_at", optional_time(alarm.acknowledged_at)},
          {"action", alarm.action},
          {"cleared_at", optional_time(alarm.cleared_at)}};
}

OrderedJson vital_reading_to_json(const VitalReading& reading) {
  // Member by member: an initializer list copies every value once more, and this runs for every
  // reading the live feed carries.
  OrderedJson json = OrderedJson::object();
  json["kind"] = to_string(reading.kind);
  json["value"] = reading.value;
  json["unit"] = ucum_unit(reading.kind);
  json["at"] = to_iso8601(reading.measured_at);
  json["received_at"] = to_iso8601(reading.received_at);
  json["device_id"] = reading.device_id;
  json["abnormal"] = is_abnormal(reading.kind, reading.value);
  return json;
}

}  // namespace plasticity::server
