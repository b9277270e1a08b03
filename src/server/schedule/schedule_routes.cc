// The schedule: appointment types and opening hours, chairs and rooms, who works when, the
// calendar (JSON and an iCalendar feed per staff member), booking, moving and cancelling
// appointments (conflicts refused by name). The instructions they queue: outbox_routes.cc.
#include <algorithm>
#include <set>

#include "interop/icalendar.h"
#include "server/http/credentials.h"
#include "server/http/problem.h"
#include "server/patients/patient_json.h"
#include "server/schedule/schedule_support.h"

namespace plasticity::server {
namespace {

constexpr int kMaxCalendarDays = 42;
constexpr std::size_t kMaxNote = 2000;

http::Response appointment_not_found(const std::string& id) {
  return problem(404, "appointment-not-found", "No such appointment", "no appointment " + id);
}

http::Response appointment_types(ApiServices& services, RequestContext&) {
  const auto clinic = services.settings.get();
  const ClinicSchedule& schedule = clinic->schedule;
  OrderedJson types = OrderedJson::array();
  for (const auto& t : schedule.appointment_types) {
    types.push_back(
        {{"id", t.id},
         {"name", t.name},
         {"minutes", t.minutes},
         {"resource_kind", t.resource_kind},
         {"protocol", t.protocol_id.empty() ? OrderedJson() : OrderedJson(t.protocol_id)},
         {"needs_prescriber_on_site", t.needs_prescriber_on_site},
         {"instructions", t.instructions},
         {"source", t.source}});
  }
  OrderedJson hours = OrderedJson::object();
  for (int day = 0; day < 7; ++day)
    hours[kWeekdays[day]] = hours_to_json(schedule.opening_hours[day]);
  return json_response(200, {{"time_zone", schedule.time_zone_name},
                             {"opening_hours", hours},
                             {"appointment_types", types}});
}

// [from, to) as local dates of the clinic, else the refusal.
std::variant<std::pair<UtcTime, UtcTime>, http::Response> local_range(ApiServices& services,
                                                                      RequestContext& context) {
  const auto clinic = services.settings.get();
  const ClinicTimeZone& zone = *clinic->schedule.time_zone;
  auto date_of = [&](const char* name) -> std::optional<CalendarDate> {
    auto it = context.query.find(name);
    return it == context.query.end() ? std::nullopt : parse_iso_date(it->second);
  };
  const auto from = date_of("from");
  const auto to = date_of("to");
  FieldErrors errors;
  if (!from) errors.push_back({"from", "date", "from must be a date, YYYY-MM-DD"});
  if (!to) errors.push_back({"to", "date", "to must be a date, YYYY-MM-DD"});
  if (from && to && (*to <= *from || add_days(*from, kMaxCalendarDays) < *to)) {
    errors.push_back({"to", "range", "to must be after from, at most 42 days later"});
  }
  if (!errors.empty()) return invalid_input("The calendar range is not valid", errors);
  return std::pair{zone.to_utc(*from, 0), zone.to_utc(*to, 0)};
}

http::Response calendar(ApiServices& services, RequestContext& context) {
  auto range = local_range(services, context);
  if (auto* refusal = std::get_if<http::Response>(&range)) return std::move(*refusal);
  const auto [from, to] = std::get<std::pair<UtcTime, UtcTime>>(range);
  const auto appointments = services.store.appointments_between(from, to);
  PatientBriefs patients{services.store};
  std::set<std::string> named;
  OrderedJson items = OrderedJson::array();
  for (const auto& a : appointments) {
    OrderedJson item = appointment_to_json(services, a);
    item["patient"] = patients(a.patient_id);
    named.insert(a.patient_id);
    items.push_back(item);
  }
  OrderedJson resources = OrderedJson::array();
  for (const auto& r : services.store.resources()) resources.push_back(resource_to_json(r));
  OrderedJson staff = OrderedJson::array();
  for (const auto& s : services.store.staff_rota()) staff.push_back(rota_to_json(s));
  const auto clinic = services.settings.get();
  OrderedJson hours = OrderedJson::object();
  for (int day = 0; day < 7; ++day) {
    hours[kWeekdays[day]] = hours_to_json(clinic->schedule.opening_hours[day]);
  }
  // Each patient the calendar names is a read of that patient's data: one entry names them all
  // (found by each patient's audit), so the trail grows with the views, not views × patients.
  if (!named.empty()) {
    services.store.append_audit(
        list_audit_entry(context, "calendar.read", std::nullopt, {named.begin(), named.end()},
                         context.query.at("from") + " to " + context.query.at("to")));
  }
  return json_response(200, {{"time_zone", clinic->schedule.time_zone_name},
                             {"from", to_iso8601(from)},
                             {"to", to_iso8601(to)},
                             {"opening_hours", hours},
                             {"resources", resources},
                             {"staff", staff},
                             {"appointments", items}});
}

FieldErrors read_staff_ids(const Json& value, std::vector<std::int64_t>& ids) {
  if (value.is_null()) return {};
  if (!value.is_array()) return {{"staff_ids", "list", "staff_ids must be a list of staff ids"}};
  ids.clear();
  for (const auto& id : value) {
    if (!id.is_number_integer()) return {{"staff_ids", "list", "staff_ids must be whole numbers"}};
    ids.push_back(id.get<std::int64_t>());
  }
  return {};
}

// The new start: starts_at (an instant), or local_date and local_start on the clinic's clock (what
// a calendar drag gives); nullopt when neither is given, `errors` naming a bad one.
std::optional<UtcTime> new_start(const Json& body, const ClinicTimeZone& zone,
                                 FieldErrors& errors) {
  if (body.contains("starts_at")) {
    const auto start = body["starts_at"].is_string()
                           ? parse_iso8601(body["starts_at"].get<std::string>())
                           : std::nullopt;
    if (!start) errors.push_back({"starts_at", "time", "starts_at must be an ISO 8601 time"});
    return start;
  }
  if (!body.contains("local_date") && !body.contains("local_start")) return std::nullopt;
  const auto date = body.value("local_date", Json()).is_string()
                        ? parse_iso_date(body["local_date"].get<std::string>())
                        : std::nullopt;
  const int minute = body.value("local_start", Json()).is_string()
                         ? parse_clock(body["local_start"].get<std::string>()).value_or(-1)
                         : -1;
  if (!date) errors.push_back({"local_date", "date", "local_date must be a date, YYYY-MM-DD"});
  if (minute < 0) errors.push_back({"local_start", "time_of_day", "local_start must be HH:MM"});
  if (!date || minute < 0) return std::nullopt;
  return zone.to_utc(*date, minute);
}

http::Response book(ApiServices& services, RequestContext& context) {
  Json body;
  if (auto refusal = read_json_body(context, body)) return *refusal;
  if (!body.is_object())
    return invalid_input("Not an appointment", {{"", "object", "send an object"}});
  FieldErrors errors;
  Appointment a;
  a.id = new_random_id();
  a.patient_id =
      body.value("patient_id", Json()).is_string() ? body["patient_id"].get<std::string>() : "";
  a.type_id = body.value("type", Json()).is_string() ? body["type"].get<std::string>() : "";
  a.resource_id =
      body.value("resource_id", Json()).is_string() ? body["resource_id"].get<std::string>() : "";
  a.note = body.value("note", Json()).is_string() ? body["note"].get<std::string>() : "";
  const auto clinic = services.settings.get();
  const AppointmentType* type = clinic->schedule.find_type(a.type_id);
  if (!type) errors.push_back({"type", "known_type", "type must name an appointment type"});
  if (type && !type->protocol_id.empty()) {
    errors.push_back({"type", "not_a_treatment",
                      "treatment sessions are booked from a treatment plan, with their dose"});
  }
  const auto start = new_start(body, *clinic->schedule.time_zone, errors);
  if (!start && errors.empty()) {
    errors.push_back({"starts_at", "time",
                      "starts_at must be an ISO 8601 time (or give local_date and local_start)"});
  }
  const auto read = read_staff_ids(body.value("staff_ids", Json()), a.staff_ids);
  errors.insert(errors.end(), read.begin(), read.end());
  if (a.note.size() > kMaxNote)
    errors.push_back({"note", "length", "note is at most 2000 characters"});
  if (!services.store.find_patient(a.patient_id)) {
    errors.push_back({"patient_id", "exists", "no patient has the id " + a.patient_id});
  }
  if (!errors.empty()) return invalid_input("The appointment is not valid", errors);
  a.starts_at = *start;
  a.ends_at = UtcTime{start->epoch_ms + type->minutes * kMillisPerMinute};
  a.status = AppointmentStatus::confirmed;
  a.created_by = context.staff->id;
  a.created_at = context.now;
  const auto schedule = services.store.lock_schedule();
  if (const auto conflicts = ConflictCheck{services}(a); !conflicts.empty()) {
    return conflict_response(conflicts);
  }
  ScheduleChange change;
  change.appointments = {a};
  change.messages = instructions_for(services, a, {}, context.now);
  change.staff_id = context.staff->id;
  change.at = context.now;
  services.store.apply_schedule_change(
      change, audit_entry(context, "appointment.book", "success", a.patient_id,
                          a.type_id + " " + to_iso8601(a.starts_at)));
  return json_response(201, appointment_to_json(services, a))
      .with_header("Location", "/api/v1/appointments/" + a.id);
}

// Applies the body's changes (start, chair or room, staff, status, note) to `a`.
FieldErrors read_move(const Json& body, const ClinicTimeZone& zone, Appointment& a, bool& cancel) {
  FieldErrors errors;
  if (body.contains("starts_at") || body.contains("local_date") || body.contains("local_start")) {
    const auto start = new_start(body, zone, errors);
    if (start) {
      a.ends_at = UtcTime{a.ends_at.epoch_ms + (start->epoch_ms - a.starts_at.epoch_ms)};
      a.starts_at = *start;
    }
  }
  if (body.contains("resource_id")) {
    if (body["resource_id"].is_string())
      a.resource_id = body["resource_id"].get<std::string>();
    else
      errors.push_back({"resource_id", "text", "resource_id must be text"});
  }
  const auto staff = read_staff_ids(body.value("staff_ids", Json()), a.staff_ids);
  errors.insert(errors.end(), staff.begin(), staff.end());
  if (body.contains("status")) {
    cancel = body["status"] == "cancelled";
    if (!cancel) errors.push_back({"status", "one_of", "status can only be set to cancelled"});
  }
  if (body.contains("note")) {
    if (body["note"].is_string() && body["note"].get<std::string>().size() <= kMaxNote) {
      a.note = body["note"].get<std::string>();
    } else {
      errors.push_back({"note", "text", "note must be text of at most 2000 characters"});
    }
  }
  return errors;
}

http::Response change_appointment(ApiServices& services, RequestContext& context) {
  const std::string& id = context.params.at("id");
  Json body;
  if (auto refusal = read_json_body(context, body)) return *refusal;
  if (!body.is_object() || !body.value("version", Json()).is_number_integer()) {
    return invalid_input("Say which version you changed",
                         {{"version", "required", "version must be the appointment's version"}});
  }
  const auto schedule = services.store.lock_schedule();
  const auto current = services.store.find_appointment(id);
  if (!current) return appointment_not_found(id);
  if (current->version != body["version"].get<std::int64_t>()) {
    return problem(409, "appointment-changed", "The appointment changed",
                   "someone changed this appointment since version " +
                       std::to_string(body["version"].get<std::int64_t>()) + "; reload it");
  }
  if (current->status == AppointmentStatus::cancelled) {
    return problem(409, "appointment-cancelled", "Cancelled", "this appointment was cancelled");
  }
  Appointment a = *current;
  bool cancel = false;
  FieldErrors errors = read_move(body, *services.settings.get()->schedule.time_zone, a, cancel);
  if (!errors.empty()) return invalid_input("The change is not valid", errors);
  a.version += 1;
  ScheduleChange change;
  change.staff_id = context.staff->id;
  change.at = context.now;
  if (cancel) {
    a.status = AppointmentStatus::cancelled;
  } else if (a.status == AppointmentStatus::confirmed) {
    if (const auto conflicts = ConflictCheck{services}(a); !conflicts.empty()) {
      return conflict_response(conflicts);
    }
  }
  if (current->status == AppointmentStatus::confirmed) {
    change.withdraw_messages_of = {a.id};
    if (!cancel) change.messages = instructions_for(services, a, {}, context.now);
  }
  if (!a.treatment_session_id.empty()) {
    auto session = services.store.find_treatment_session(a.treatment_session_id);
    if (session && session->phase != SessionPhase::scheduled) {
      return problem(409, "session-started", "The session has started",
                     "the treatment session is " + std::string(to_string(session->phase)) +
                         ": it stays where it is");
    }
    if (session && cancel) {
      change.cancelled.push_back({session->id, SessionPhase::scheduled, SessionPhase::aborted,
                                  context.now, context.staff->id, context.staff->username,
                                  "appointment cancelled", false, std::nullopt});
    } else if (session) {
      const auto resources = services.store.resources();
      const Resource* r = find_resource(resources, a.resource_id);
      session->scheduled_at = a.starts_at;
      session->chair = r ? r->name : session->chair;
      change.rescheduled.push_back(*session);
    }
  }
  change.appointments = {a};
  const auto status = services.store.apply_schedule_change(
      change, audit_entry(context, cancel ? "appointment.cancel" : "appointment.move", "success",
                          a.patient_id, a.id + " " + to_iso8601(a.starts_at)));
  if (status == ScheduleWriteStatus::version_conflict) {
    return problem(409, "appointment-changed", "The appointment changed",
                   "the appointment or its session changed meanwhile; reload it");
  }
  return json_response(200, appointment_to_json(services, a));
}

http::Response staff_ics(ApiServices& services, RequestContext& context) {
  const auto staff_id = parse_whole_number(context.params.at("id"));
  if (!staff_id || !services.store.find_staff(*staff_id)) {
    return problem(404, "staff-not-found", "No such staff member",
                   "no staff member " + context.params.at("id"));
  }
  if (*staff_id != context.staff->id &&
      !role_may(context.staff->role, Permission::manage_schedule)) {
    services.store.append_audit(audit_entry(context, "permission.denied", "denied", std::nullopt,
                                            "calendar feed of staff " + context.params.at("id")));
    return problem(403, "forbidden", "Not your calendar",
                   "a staff member's feed is theirs and the schedulers'");
  }
  const std::int64_t day = 24 * 60 * kMillisPerMinute;
  const auto appointments = services.store.appointments_between(
      UtcTime{context.now.epoch_ms - 7 * day}, UtcTime{context.now.epoch_ms + 90 * day});
  const auto resources = services.store.resources();
  const auto clinic = services.settings.get();
  std::vector<CalendarEvent> events;
  std::set<std::string> named;  // the patients the feed shows (as initials)
  for (const auto& a : appointments) {
    if (std::find(a.staff_ids.begin(), a.staff_ids.end(), *staff_id) == a.staff_ids.end()) continue;
    const AppointmentType* type = clinic->schedule.find_type(a.type_id);
    const auto patient = services.store.find_patient(a.patient_id);
    named.insert(a.patient_id);
    // Initials only: a phone's calendar is not the chart.
    const std::string initials = patient ? patient->demographics.given_name.substr(0, 1) + ". " +
                                               patient->demographics.family_name.substr(0, 1) + "."
                                         : "";
    const Resource* r = find_resource(resources, a.resource_id);
    events.push_back(
        {a.id, a.starts_at, a.ends_at, (type ? type->name : a.type_id) + ", " + initials,
         r ? r->name : a.resource_id, a.note, a.status == AppointmentStatus::proposed});
  }
  const auto staff = services.store.find_staff(*staff_id);
  if (!named.empty()) {
    services.store.append_audit(list_audit_entry(context, "calendar.feed", std::nullopt,
                                                 {named.begin(), named.end()},
                                                 "feed of staff " + std::to_string(*staff_id)));
  }
  http::Response response;
  response.content_type = "text/calendar; charset=utf-8";
  response.body = to_icalendar("Plasticity: " + staff->username, events, context.now);
  return response;
}

}  // namespace

void add_schedule_routes(Router& router, ApiServices& services) {
  const auto read = Access::needs(Permission::read_schedule);
  const auto manage = Access::needs(Permission::manage_schedule);
  router.add("GET", "/api/v1/appointment-types", read, with_services(services, appointment_types));
  router.add("GET", "/api/v1/staff/{id}/calendar.ics", read, with_services(services, staff_ics));
  router.add("GET", "/api/v1/calendar", read, with_services(services, calendar));
  router.add("POST", "/api/v1/appointments", manage, with_services(services, book));
  router.add("PATCH", "/api/v1/appointments/{id}", manage,
             with_services(services, change_appointment));
}

}  // namespace plasticity::server
