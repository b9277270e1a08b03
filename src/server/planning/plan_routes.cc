// Treatment plans: write one from a signed-off screening (its sessions are proposed on the
// calendar), read and revise it (every version kept, with its reason), and confirm it (its
// sessions are booked: appointments, treatment sessions with their doses, patient instructions).
#include <algorithm>

#include "outcomes/futility.h"
#include "scheduling/course.h"
#include "server/assessments/assessment_support.h"
#include "server/forecast/forecast_models.h"
#include "server/http/credentials.h"
#include "server/http/problem.h"
#include "server/planning/plan_json.h"
#include "server/schedule/schedule_support.h"
#include "server/sessions/session_json.h"

namespace plasticity::server {
namespace {

http::Response plan_not_found(const std::string& id) {
  return problem(404, "plan-not-found", "No such plan", "no treatment plan has the id " + id);
}

SessionRequest session_request(const TreatmentPlan& plan, const std::string& patient_id,
                               const std::string& chair, UtcTime at) {
  SessionRequest request;
  request.patient_id = patient_id;
  request.protocol_id = plan.protocol_id;
  request.chair = chair;
  request.scheduled_at = at;
  request.prescription.mg_per_kg = plan.dose_mg_per_kg;
  request.prescription.mg = plan.dose_mg;
  request.prescription.concentration_mg_per_ml = plan.concentration_mg_per_ml;
  return request;
}

// Why the screening cannot start this course, or empty.
std::string screening_refusal(ApiServices& services, const std::string& patient_id,
                              const TreatmentPlan& plan) {
  const auto screening = services.store.find_screening(plan.screening_id);
  if (!screening || screening->patient_id != patient_id) {
    return "no screening " + plan.screening_id + " for this patient";
  }
  if (screening->protocol_id != plan.protocol_id) {
    return "the screening was for " + screening->protocol_id + ", not " + plan.protocol_id;
  }
  if (screening->decision != "approved") {
    return "the screening is not approved by a prescriber (" +
           screening->decision.value_or("awaiting sign-off") + ")";
  }
  for (const auto& later : services.store.patient_screenings(patient_id)) {
    if (later.protocol_id == plan.protocol_id && later.screened_at > screening->screened_at) {
      return "a newer screening exists: the intake changed since; plan from that one";
    }
  }
  return "";
}

// Every reason the plan cannot be written for this patient, each naming its field.
// A revision keeps its course's screening (`with_screening` false).
FieldErrors check_plan(ApiServices& services, const RequestContext& context,
                       const std::string& patient_id, const TreatmentPlan& plan,
                       bool with_screening = true) {
  const Protocol* protocol = services.protocols.find(plan.protocol_id);
  if (!protocol) return {{"protocol", "one_of", "protocol must name a protocol"}};
  FieldErrors errors = validate_plan(plan, *protocol);
  for (std::size_t i = 0; i < plan.measurements.size(); ++i) {
    if (!services.instruments.find(plan.measurements[i].instrument_id)) {
      errors.push_back({"measurements/" + std::to_string(i) + "/instrument", "known_instrument",
                        "no instrument " + plan.measurements[i].instrument_id});
    }
  }
  const bool measured =
      std::any_of(plan.measurements.begin(), plan.measurements.end(),
                  [&](const auto& m) { return m.instrument_id == plan.primary_instrument; });
  if (!plan.primary_instrument.empty() && !measured &&
      !services.instruments.find(plan.primary_instrument)) {
    errors.push_back(
        {"primary_instrument", "known_instrument", "no instrument " + plan.primary_instrument});
  }
  const auto clinic = services.settings.get();
  const AppointmentType* type = clinic->schedule.type_for_protocol(plan.protocol_id);
  if (!type) {
    errors.push_back({"protocol", "bookable", "no appointment type books " + plan.protocol_id});
  }
  const auto resources = services.store.resources();
  const Resource* resource = find_resource(resources, plan.resource_id);
  if (!resource || !resource->active) {
    errors.push_back(
        {"resource_id", "known_resource", "no active chair or room " + plan.resource_id});
  } else if (type && resource->kind != type->resource_kind) {
    errors.push_back(
        {"resource_id", "resource_kind", type->name + " needs a " + type->resource_kind});
  }
  if (const std::string why = with_screening ? screening_refusal(services, patient_id, plan) : "";
      !why.empty()) {
    errors.push_back({"screening_id", "approved_screening", why});
  }
  if (errors.empty()) {  // the dose must be one that can be given to this patient
    auto prepared = prepare_session(services, context,
                                    session_request(plan, patient_id, resource->name, context.now));
    if (auto* refusal = std::get_if<SessionRefusal>(&prepared)) errors = refusal->errors;
  }
  return errors;
}

// The questionnaires due before session `index` (sessions on `dates`, the clinic's days): every
// session's, and the weekly ones before the first session of each plan week.
std::vector<std::string> due_before(const TreatmentPlan& plan,
                                    const std::vector<CalendarDate>& dates, std::size_t index) {
  auto week = [&](const CalendarDate& d) {
    int days = 0;
    for (CalendarDate day = plan.first_date; day < d; day = add_days(day, 1)) ++days;
    return days / 7;
  };
  const bool first_of_week = index == 0 || week(dates[index - 1]) != week(dates[index]);
  std::vector<std::string> due;
  for (const auto& m : plan.measurements) {
    if (m.when == "before_every_session" || (m.when == "weekly" && first_of_week)) {
      due.push_back(m.instrument_id);
    }
  }
  return due;
}

std::vector<Appointment> propose(ApiServices& services, const RequestContext& context,
                                 const TreatmentPlan& plan, const std::string& plan_id,
                                 const std::string& patient_id) {
  const auto clinic = services.settings.get();
  const ClinicSchedule& schedule = clinic->schedule;
  const AppointmentType& type = *schedule.type_for_protocol(plan.protocol_id);
  std::vector<Appointment> proposed;
  const auto dates = course_dates(plan.induction, plan.first_date, schedule);
  for (std::size_t i = 0; i < dates.size(); ++i) {
    Appointment a;
    a.id = new_random_id();
    a.patient_id = patient_id;
    a.type_id = type.id;
    a.resource_id = plan.resource_id;
    a.staff_ids = plan.staff_ids;
    a.starts_at = schedule.time_zone->to_utc(dates[i], plan.start_minute);
    a.ends_at = UtcTime{a.starts_at.epoch_ms + type.minutes * kMillisPerMinute};
    a.plan_id = plan_id;
    a.plan_sequence = static_cast<int>(i) + 1;
    a.created_by = context.staff->id;
    a.created_at = context.now;
    proposed.push_back(std::move(a));
  }
  return proposed;
}

TreatmentPlan stored_plan(ApiServices& services, const PlanRecord& record) {
  FieldErrors ignored;  // it was valid when stored
  return read_plan(Json::parse(record.body_json), services.settings.get()->schedule, ignored);
}

OrderedJson plan_record_to_json(ApiServices& services, const PlanRecord& record, bool detail) {
  OrderedJson json{{"id", record.id},
                   {"patient_id", record.patient_id},
                   {"version", record.version},
                   {"created_at", to_iso8601(record.created_at)},
                   {"confirmed_at", optional_time(record.confirmed_at)},
                   {"plan", OrderedJson::parse(record.body_json)}};
  OrderedJson appointments = OrderedJson::array();
  std::optional<ConflictCheck> check;
  for (const auto& a : services.store.plan_appointments(record.id)) {
    OrderedJson item = appointment_to_json(services, a);
    if (detail && a.status == AppointmentStatus::proposed) {
      if (!check) check.emplace(services);
      item["conflicts"] = conflicts_to_json((*check)(a));
    }
    appointments.push_back(item);
  }
  json["appointments"] = appointments;
  if (detail) {
    OrderedJson versions = OrderedJson::array();
    for (const auto& v : services.store.plan_versions(record.id)) {
      versions.push_back({{"version", v.version},
                          {"at", to_iso8601(v.at)},
                          {"by", v.username},
                          {"reason", v.reason},
                          {"plan", OrderedJson::parse(v.body_json)}});
    }
    json["versions"] = versions;
  }
  return json;
}

http::Response create_plan(ApiServices& services, RequestContext& context) {
  const std::string& patient_id = context.params.at("id");
  Json body;
  if (auto refusal = read_json_body(context, body)) return *refusal;
  if (!services.store.find_patient(patient_id)) {
    return patient_not_found(patient_id);
  }
  FieldErrors errors;
  const TreatmentPlan plan = read_plan(body, services.settings.get()->schedule, errors);
  if (errors.empty()) errors = check_plan(services, context, patient_id, plan);
  if (!errors.empty()) return invalid_input("The plan is not valid", errors);
  PlanRecord record{new_random_id(),
                    patient_id,
                    plan.screening_id,
                    plan.protocol_id,
                    plan_to_json(plan).dump(),
                    1,
                    context.staff->id,
                    context.now,
                    std::nullopt,
                    std::nullopt};
  const auto proposed = propose(services, context, plan, record.id, patient_id);
  const auto status = services.store.create_plan(
      record, proposed,
      audit_entry(context, "plan.create", "success", patient_id,
                  "plan " + record.id + ": " + std::to_string(proposed.size()) + " " +
                      plan.protocol_id + " sessions proposed"));
  if (status == PlanWriteStatus::screening_used) {
    return problem(409, "screening-used", "Screening already used",
                   "another course started from this screening; screen the patient again before "
                   "a new course",
                   {{"screening_id", "new_screening", "a new course needs a new screening"}});
  }
  return json_response(201, plan_record_to_json(services, record, true))
      .with_header("Location", "/api/v1/plans/" + record.id);
}

http::Response list_plans(ApiServices& services, RequestContext& context) {
  const std::string& patient_id = context.params.at("id");
  OrderedJson items = OrderedJson::array();
  for (const auto& p : services.store.patient_plans(patient_id)) {
    items.push_back(plan_record_to_json(services, p, false));
  }
  services.store.append_audit(audit_entry(context, "plan.list", "success", patient_id));
  return json_response(200, {{"items", items}});
}

http::Response read_plan_route(ApiServices& services, RequestContext& context) {
  const std::string& id = context.params.at("id");
  const auto record = services.store.find_plan(id);
  if (!record) return plan_not_found(id);
  services.store.append_audit(
      audit_entry(context, "plan.read", "success", record->patient_id, "plan " + id));
  return json_response(200, plan_record_to_json(services, *record, true));
}

http::Response revise_plan(ApiServices& services, RequestContext& context) {
  const std::string& id = context.params.at("id");
  Json body;
  if (auto refusal = read_json_body(context, body)) return *refusal;
  const auto record = services.store.find_plan(id);
  if (!record) return plan_not_found(id);
  FieldErrors errors;
  const Json version = body.is_object() ? body.value("version", Json()) : Json();
  const Json reason = body.is_object() ? body.value("reason", Json()) : Json();
  if (!version.is_number_integer()) {
    errors.push_back({"version", "required", "version must be the plan version you changed"});
  }
  if (!reason.is_string() ||
      reason.get<std::string>().find_first_not_of(" \t\r\n") == std::string::npos) {
    errors.push_back({"reason", "required", "a change to a plan needs a reason"});
  }
  const TreatmentPlan plan =
      read_plan(body.value("plan", Json()), services.settings.get()->schedule, errors);
  if (errors.empty() &&
      (plan.screening_id != record->screening_id || plan.protocol_id != record->protocol_id)) {
    errors.push_back({"plan/protocol", "same_course",
                      "a revision keeps the screening and protocol; write a new plan for another"});
  }
  if (errors.empty()) errors = check_plan(services, context, record->patient_id, plan, false);
  if (!errors.empty()) return invalid_input("The revision is not valid", errors);
  const auto status = services.store.revise_plan(
      {id, version.get<std::int64_t>() + 1, plan_to_json(plan).dump(), context.now,
       context.staff->id, context.staff->username, reason.get<std::string>()},
      audit_entry(context, "plan.revise", "success", record->patient_id,
                  "plan " + id + " v" + std::to_string(version.get<std::int64_t>() + 1) + ": " +
                      reason.get<std::string>()));
  if (status == PlanWriteStatus::version_conflict) {
    return problem(409, "plan-changed", "The plan changed",
                   "someone revised this plan since version " +
                       std::to_string(version.get<std::int64_t>()) + "; reload it");
  }
  return json_response(200, plan_record_to_json(services, *services.store.find_plan(id), true));
}

http::Response confirm_plan(ApiServices& services, RequestContext& context) {
  const std::string& id = context.params.at("id");
  const auto schedule = services.store.lock_schedule();
  const auto record = services.store.find_plan(id);
  if (!record) return plan_not_found(id);
  if (record->confirmed_at) {
    return problem(409, "plan-confirmed", "Already confirmed", "this plan's sessions are booked");
  }
  const TreatmentPlan plan = stored_plan(services, *record);
  const ConflictCheck check{services};
  const auto appointments = services.store.plan_appointments(id);
  std::vector<CalendarDate> dates;  // where each session is now (a proposal may have been moved)
  const auto clinic = services.settings.get();
  for (const auto& a : appointments) {
    dates.push_back(clinic->schedule.time_zone->to_local(a.starts_at).date);
  }
  FieldErrors conflicts;
  ScheduleChange change;
  for (std::size_t i = 0; i < appointments.size(); ++i) {
    Appointment a = appointments[i];
    if (a.status != AppointmentStatus::proposed) continue;
    for (const auto& c : check(a, change.appointments)) {
      conflicts.push_back({"appointments/" + std::to_string(a.plan_sequence), c.rule, c.message});
    }
    const Resource* resource = find_resource(check.resources(), a.resource_id);
    auto prepared =
        prepare_session(services, context,
                        session_request(plan, record->patient_id,
                                        resource ? resource->name : a.resource_id, a.starts_at));
    if (auto* refusal = std::get_if<SessionRefusal>(&prepared)) {
      return invalid_input(refusal->title, refusal->errors);
    }
    const TreatmentSession& session = std::get<TreatmentSession>(prepared);
    a.status = AppointmentStatus::confirmed;
    a.treatment_session_id = session.id;
    a.version += 1;
    const auto instruments = due_before(plan, dates, i);
    for (auto& m : instructions_for(services, a, instruments, context.now)) {
      change.messages.push_back(std::move(m));
    }
    change.sessions.push_back(session);
    change.appointments.push_back(std::move(a));
  }
  if (!conflicts.empty()) {
    return problem(409, "schedule-conflict", "The sessions cannot all be booked",
                   conflicts.front().message + " (" + std::to_string(conflicts.size()) +
                       " conflicts); move those sessions and confirm again",
                   conflicts);
  }
  change.confirm_plan_id = id;
  change.staff_id = context.staff->id;
  change.at = context.now;
  const auto status = services.store.apply_schedule_change(
      change, audit_entry(context, "plan.confirm", "success", record->patient_id,
                          "plan " + id + ": " + std::to_string(change.sessions.size()) +
                              " sessions booked"));
  if (status == ScheduleWriteStatus::version_conflict) {
    return problem(409, "schedule-changed", "The schedule changed",
                   "a session of this plan was moved meanwhile; reload and confirm again");
  }
  return json_response(200, plan_record_to_json(services, *services.store.find_plan(id), true));
}

http::Response course_templates(ApiServices& services, RequestContext&) {
  OrderedJson items = OrderedJson::array();
  const auto clinic = services.settings.get();
  for (const auto& c : clinic->schedule.course_templates) {
    OrderedJson phases = OrderedJson::array();
    for (const auto& p : c.phases)
      phases.push_back({{"sessions", p.sessions}, {"per_week", p.per_week}});
    items.push_back({{"id", c.id},
                     {"name", c.name},
                     {"protocol", c.protocol_id},
                     {"phases", phases},
                     {"sessions", total_sessions(c.phases)},
                     {"source", c.source}});
  }
  return json_response(200, {{"items", items}});
}

}  // namespace

void review_plan_after_discharge(ApiServices& services, const RequestContext& context,
                                 const TreatmentSession& session) {
  const auto appointment = services.store.appointment_for_session(session.id);
  if (!appointment || appointment->plan_id.empty()) return;
  const auto record = services.store.find_plan(appointment->plan_id);
  if (!record) return;
  const TreatmentPlan plan = stored_plan(services, *record);
  const auto appointments = services.store.plan_appointments(record->id);
  int discharged = 0;
  std::optional<UtcTime> course_start;  // its first dose starts the baseline window
  for (const auto& a : appointments) {
    if (a.treatment_session_id.empty()) continue;
    const auto s = services.store.find_treatment_session(a.treatment_session_id);
    if (!s) continue;
    if (s->phase == SessionPhase::discharged) ++discharged;
    if (s->dosing_started_at && (!course_start || *s->dosing_started_at < *course_start)) {
      course_start = s->dosing_started_at;
    }
  }
  const auto* entry = services.instruments.find(plan.primary_instrument);
  // Once, when the review point is reached.
  if (discharged != plan.futility_review_after || !entry || appointments.empty()) return;
  const FutilityReview review = review_futility(
      discharged, plan.futility_review_after,
      classify_series(
          entry->instrument.outcomes,
          services.store.patient_assessments(record->patient_id, plan.primary_instrument),
          course_start),
      entry->instrument.name);
  if (!review.due) return;
  // The alert quotes the early-response forecast: decision support, never the decision.
  const auto forecast =
      services.forecasts.forecastable(plan.primary_instrument)
          ? services.forecasts.for_patient(record->patient_id, plan.primary_instrument, context.now)
          : std::nullopt;
  AlertRecord alert{new_random_id(),
                    record->patient_id,
                    std::nullopt,
                    "futility_review",
                    "Review the treatment plan: " + review.reason +
                        (forecast ? ". Forecast: " + forecast->forecast.message : ""),
                    context.now,
                    false,
                    std::nullopt,
                    "",
                    std::nullopt,
                    ""};
  services.store.create_alert(alert, audit_entry(context, "plan.futility_review", "success",
                                                 record->patient_id, "plan " + record->id));
}

void add_plan_routes(Router& router, ApiServices& services) {
  router.add("GET", "/api/v1/course-templates", Access::needs(Permission::read_sessions),
             with_services(services, course_templates));
  router.add("POST", "/api/v1/patients/{id}/plans", Access::needs(Permission::prescribe_doses),
             with_services(services, create_plan));
  router.add("GET", "/api/v1/patients/{id}/plans", Access::needs(Permission::read_sessions),
             with_services(services, list_plans));
  router.add("GET", "/api/v1/plans/{id}", Access::needs(Permission::read_sessions),
             with_services(services, read_plan_route));
  router.add("PATCH", "/api/v1/plans/{id}", Access::needs(Permission::prescribe_doses),
             with_services(services, revise_plan));
  router.add("POST", "/api/v1/plans/{id}/confirm", Access::needs(Permission::prescribe_doses),
             with_services(services, confirm_plan));
}

}  // namespace plasticity::server
