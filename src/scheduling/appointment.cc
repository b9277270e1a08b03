#include "scheduling/appointment.h"

#include <algorithm>
#include <array>
#include <cstdio>

namespace plasticity {
namespace {

constexpr std::array<std::string_view, 3> kStatusNames{"proposed", "confirmed", "cancelled"};

std::string clock_text(const LocalDateTime& t) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%02d:%02d", t.minute_of_day / 60, t.minute_of_day % 60);
  return buffer;
}

std::string span_text(const ClinicTimeZone& zone, const Appointment& a) {
  const LocalDateTime start = zone.to_local(a.starts_at);
  return to_iso_string(start.date) + " " + clock_text(start) + "-" +
         clock_text(zone.to_local(a.ends_at));
}

template <class T>
const T* find_by_id(const std::vector<T>& items, const std::string& id) {
  auto it = std::find_if(items.begin(), items.end(), [&](const T& item) { return item.id == id; });
  return it == items.end() ? nullptr : &*it;
}

const StaffRota* find_rota(const std::vector<StaffRota>& rota, std::int64_t staff_id) {
  for (const auto& s : rota) {
    if (s.staff_id == staff_id) return &s;
  }
  return nullptr;
}

bool on_duty(const StaffRota& staff, const LocalDateTime& start, const LocalDateTime& end) {
  std::vector<OpenInterval> today;
  for (const auto& h : staff.hours) {
    if (h.weekday == start.weekday) today.push_back({h.start_minute, h.end_minute});
  }
  return within(today, start, end);
}

bool shares_staff(const Appointment& a, const Appointment& b, std::int64_t& who) {
  for (std::int64_t id : a.staff_ids) {
    if (std::find(b.staff_ids.begin(), b.staff_ids.end(), id) != b.staff_ids.end()) {
      who = id;
      return true;
    }
  }
  return false;
}

std::string staff_name(const std::vector<StaffRota>& rota, std::int64_t id) {
  const StaffRota* staff = find_rota(rota, id);
  return staff ? staff->username : "staff member " + std::to_string(id);
}

void check_others(const Appointment& candidate, const ScheduleFacts& facts,
                  const Resource* resource, std::vector<Conflict>& conflicts) {
  for (const auto& other : facts.confirmed) {
    if (other.id == candidate.id || other.status != AppointmentStatus::confirmed ||
        !overlaps(candidate, other)) {
      continue;
    }
    const std::string when = span_text(facts.zone, other);
    if (resource && other.resource_id == candidate.resource_id) {
      conflicts.push_back(
          {resource->kind + "_double_booked", resource->name + " is already booked " + when});
    }
    std::int64_t who = 0;
    if (shares_staff(candidate, other, who)) {
      conflicts.push_back(
          {"staff_double_booked", staff_name(facts.rota, who) + " is already booked " + when});
    }
    if (other.patient_id == candidate.patient_id) {
      conflicts.push_back(
          {"patient_double_booked", "the patient already has an appointment " + when});
    }
  }
}

}  // namespace

std::string_view to_string(AppointmentStatus status) {
  return kStatusNames.at(static_cast<std::size_t>(status));
}

std::optional<AppointmentStatus> parse_appointment_status(std::string_view text) {
  for (std::size_t i = 0; i < kStatusNames.size(); ++i) {
    if (kStatusNames[i] == text) return static_cast<AppointmentStatus>(i);
  }
  return std::nullopt;
}

bool overlaps(const Appointment& a, const Appointment& b) {
  return a.starts_at < b.ends_at && b.starts_at < a.ends_at;
}

bool within(const std::vector<OpenInterval>& intervals, const LocalDateTime& start,
            const LocalDateTime& end) {
  // Ending at midnight reads as minute 1440 of the same day.
  const int end_minute = end.date == start.date ? end.minute_of_day
                         : end.minute_of_day == 0 && add_days(start.date, 1) == end.date ? 1440
                                                                                         : -1;
  if (end_minute < 0) return false;
  return std::any_of(intervals.begin(), intervals.end(), [&](const OpenInterval& i) {
    return i.open_minute <= start.minute_of_day && end_minute <= i.close_minute;
  });
}

std::vector<Conflict> find_conflicts(const Appointment& candidate, const ScheduleFacts& facts) {
  std::vector<Conflict> conflicts;
  const AppointmentType* type = facts.schedule.find_type(candidate.type_id);
  if (!type) conflicts.push_back({"unknown_type", "no appointment type " + candidate.type_id});
  const Resource* resource = find_resource(facts.resources, candidate.resource_id);
  if (!resource || !resource->active) {
    conflicts.push_back({"unknown_resource", "no bookable chair or room " + candidate.resource_id});
  } else if (type && resource->kind != type->resource_kind) {
    conflicts.push_back({"wrong_resource_kind", type->name + " needs a " + type->resource_kind +
                                                    ", " + resource->name + " is a " +
                                                    resource->kind});
  }
  const std::int64_t minutes =
      (candidate.ends_at.epoch_ms - candidate.starts_at.epoch_ms) / kMillisPerMinute;
  if (type && minutes < type->minutes) {
    conflicts.push_back({"too_short", type->name + " needs at least " +
                                          std::to_string(type->minutes) + " minutes, not " +
                                          std::to_string(minutes)});
  }
  const LocalDateTime start = facts.zone.to_local(candidate.starts_at);
  const LocalDateTime end = facts.zone.to_local(candidate.ends_at);
  if (!within(facts.schedule.opening_hours.at(start.weekday), start, end)) {
    conflicts.push_back({"outside_opening_hours", span_text(facts.zone, candidate) +
                                                      " is outside the clinic's opening hours"});
  }
  check_others(candidate, facts, resource, conflicts);
  for (std::int64_t id : candidate.staff_ids) {
    const StaffRota* staff = find_rota(facts.rota, id);
    if (!staff || !on_duty(*staff, start, end)) {
      conflicts.push_back({"staff_off_duty", staff_name(facts.rota, id) + " is not working " +
                                                 span_text(facts.zone, candidate)});
    }
  }
  if (type && type->needs_prescriber_on_site &&
      std::none_of(facts.rota.begin(), facts.rota.end(), [&](const StaffRota& s) {
        return s.role == Role::prescriber && on_duty(s, start, end);
      })) {
    conflicts.push_back(
        {"no_prescriber_on_site", type->name + " needs a prescriber on site, and none is working " +
                                      span_text(facts.zone, candidate)});
  }
  return conflicts;
}

const Resource* find_resource(const std::vector<Resource>& resources, const std::string& id) {
  return find_by_id(resources, id);
}

const AppointmentType* ClinicSchedule::find_type(const std::string& id) const {
  return find_by_id(appointment_types, id);
}

const PatientInstruction* ClinicSchedule::find_instruction(const std::string& id) const {
  return find_by_id(instructions, id);
}

const CourseTemplate* ClinicSchedule::find_course(const std::string& id) const {
  return find_by_id(course_templates, id);
}

const AppointmentType* ClinicSchedule::type_for_protocol(const std::string& protocol_id) const {
  for (const auto& t : appointment_types) {
    if (t.protocol_id == protocol_id) return &t;
  }
  return nullptr;
}

}  // namespace plasticity
