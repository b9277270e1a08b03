#include "server/schedule/schedule_support.h"

#include <cstdio>

#include "server/http/credentials.h"
#include "server/http/problem.h"

namespace plasticity::server {
namespace {

// Appointments longer than a day do not exist here; looking this far around finds every overlap.
constexpr std::int64_t kLookaround = 24 * 60 * kMillisPerMinute;

}  // namespace

std::optional<int> parse_clock(const std::string& text) {
  if (text.size() != 5 || text[2] != ':') return std::nullopt;
  for (std::size_t i : {0u, 1u, 3u, 4u}) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  }
  const int hours = (text[0] - '0') * 10 + (text[1] - '0');
  const int minutes = (text[3] - '0') * 10 + (text[4] - '0');
  if (minutes > 59 || hours > 24 || (hours == 24 && minutes > 0)) return std::nullopt;
  return hours * 60 + minutes;
}

std::string clock_text(int minute_of_day) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%02d:%02d", minute_of_day / 60, minute_of_day % 60);
  return buffer;
}

ConflictCheck::ConflictCheck(ApiServices& services)
    : services_(services),
      resources_(services.store.resources()),
      rota_(services.store.staff_rota()) {}

std::vector<Conflict> ConflictCheck::operator()(
    const Appointment& candidate, const std::vector<Appointment>& also_confirming) const {
  const auto clinic = services_.settings.get();
  const ClinicSchedule& schedule = clinic->schedule;
  auto nearby =
      services_.store.appointments_between(UtcTime{candidate.starts_at.epoch_ms - kLookaround},
                                           UtcTime{candidate.ends_at.epoch_ms + kLookaround});
  nearby.insert(nearby.end(), also_confirming.begin(), also_confirming.end());
  return find_conflicts(candidate, {schedule, *schedule.time_zone, resources_, rota_, nearby});
}

std::vector<OutboxMessage> instructions_for(ApiServices& services, const Appointment& appointment,
                                            const std::vector<std::string>& instruments,
                                            UtcTime now) {
  std::vector<OutboxMessage> messages;
  auto queue = [&](const std::string& kind, const std::string& text, int hours_before) {
    messages.push_back(
        {new_random_id(), appointment.id, appointment.patient_id, kind, text,
         UtcTime{appointment.starts_at.epoch_ms - hours_before * 60 * kMillisPerMinute}, "pending",
         now, std::nullopt});
  };
  const auto clinic = services.settings.get();
  if (const AppointmentType* type = clinic->schedule.find_type(appointment.type_id)) {
    for (const auto& id : type->instructions) {
      if (const PatientInstruction* i = clinic->schedule.find_instruction(id)) {
        queue(i->id, i->text, i->send_hours_before);
      }
    }
  }
  if (!instruments.empty()) {
    std::string ids, names;
    for (const auto& id : instruments) {
      ids += (ids.empty() ? "" : ",") + id;
      const auto* entry = services.instruments.find(id);
      names += (names.empty() ? "" : ", ") + (entry ? entry->instrument.name : id);
    }
    queue(kSelfReportPrefix + ids,
          "Before your visit, please fill in these questionnaires: " + names + ".", 24);
  }
  return messages;
}

http::Response conflict_response(const std::vector<Conflict>& conflicts) {
  FieldErrors errors;
  for (const auto& c : conflicts) errors.push_back({"starts_at", c.rule, c.message});
  return problem(409, "schedule-conflict", "The appointment cannot be booked",
                 conflicts.front().message, errors);
}

OrderedJson conflicts_to_json(const std::vector<Conflict>& conflicts) {
  OrderedJson items = OrderedJson::array();
  for (const auto& c : conflicts) items.push_back({{"rule", c.rule}, {"message", c.message}});
  return items;
}

OrderedJson appointment_to_json(ApiServices& services, const Appointment& a) {
  const auto clinic = services.settings.get();
  const ClinicSchedule& schedule = clinic->schedule;
  const AppointmentType* type = schedule.find_type(a.type_id);
  const LocalDateTime start = schedule.time_zone->to_local(a.starts_at);
  const LocalDateTime end = schedule.time_zone->to_local(a.ends_at);
  return {{"id", a.id},
          {"patient_id", a.patient_id},
          {"type", a.type_id},
          {"type_name", type ? type->name : a.type_id},
          {"resource_id", a.resource_id},
          {"staff_ids", a.staff_ids},
          {"starts_at", to_iso8601(a.starts_at)},
          {"ends_at", to_iso8601(a.ends_at)},
          {"local_date", to_iso_string(start.date)},
          {"local_start", clock_text(start.minute_of_day)},
          {"local_end", clock_text(end.minute_of_day)},
          {"status", to_string(a.status)},
          {"plan_id", a.plan_id.empty() ? OrderedJson() : OrderedJson(a.plan_id)},
          {"plan_sequence", a.plan_sequence},
          {"treatment_session_id",
           a.treatment_session_id.empty() ? OrderedJson() : OrderedJson(a.treatment_session_id)},
          {"note", a.note},
          {"version", a.version}};
}

OrderedJson resource_to_json(const Resource& r) {
  return {{"id", r.id}, {"kind", r.kind}, {"name", r.name}, {"active", r.active}};
}

OrderedJson rota_to_json(const StaffRota& staff) {
  OrderedJson hours = OrderedJson::array();
  for (const auto& h : staff.hours) {
    hours.push_back({{"weekday", kWeekdays[h.weekday]},
                     {"start", clock_text(h.start_minute)},
                     {"end", clock_text(h.end_minute)}});
  }
  return {{"staff_id", staff.staff_id},
          {"username", staff.username},
          {"role", to_string(staff.role)},
          {"hours", hours}};
}

OrderedJson hours_to_json(const std::vector<OpenInterval>& intervals) {
  OrderedJson items = OrderedJson::array();
  for (const auto& i : intervals) {
    items.push_back({{"start", clock_text(i.open_minute)}, {"end", clock_text(i.close_minute)}});
  }
  return items;
}

}  // namespace plasticity::server
