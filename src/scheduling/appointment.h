// Appointments and the resources they use: a chair or room, staff members, a patient, a time.
// Conflicts are decided here, purely, from the appointments already confirmed around the same
// time, the staff rota and the clinic's opening hours.
//
//   std::vector<Conflict> conflicts = find_conflicts(candidate, confirmed_nearby, facts);
//   // e.g. {"chair_double_booked", "Chair 2 is booked 09:00-11:15 for another patient"}
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/utc_time.h"
#include "scheduling/clinic_schedule.h"
#include "staff/role.h"

namespace plasticity {

enum class AppointmentStatus { proposed, confirmed, cancelled };

std::string_view to_string(AppointmentStatus status);
std::optional<AppointmentStatus> parse_appointment_status(std::string_view text);

struct Appointment {
  std::string id;
  std::string patient_id;
  std::string type_id;
  std::string resource_id;
  std::vector<std::int64_t> staff_ids;
  UtcTime starts_at;
  UtcTime ends_at;
  AppointmentStatus status = AppointmentStatus::proposed;
  std::string plan_id;  // empty when booked on its own
  int plan_sequence = 0;
  std::string treatment_session_id;  // set once a confirmed treatment appointment is booked
  std::string note;
  std::int64_t version = 1;
  std::int64_t created_by = 0;
  UtcTime created_at;
};

struct Resource {
  std::string id;
  std::string kind;  // "chair" or "room"
  std::string name;  // "Chair 1" (also the chair a treatment session names)
  bool active = true;
};

// One weekly stretch of a staff member's working time, in the clinic's local time.
struct WorkingHours {
  int weekday = 1;  // 0 = Sunday
  int start_minute = 0;
  int end_minute = 0;
};

struct StaffRota {
  std::int64_t staff_id = 0;
  std::string username;
  Role role = Role::nurse;
  std::vector<WorkingHours> hours;
};

struct Conflict {
  std::string rule;
  std::string message;
  bool operator==(const Conflict&) const = default;
};

struct ScheduleFacts {
  const ClinicSchedule& schedule;
  const ClinicTimeZone& zone;
  const std::vector<Resource>& resources;
  const std::vector<StaffRota>& rota;
  // Confirmed appointments overlapping the candidate's time (any others are ignored).
  const std::vector<Appointment>& confirmed;
};

// The chair or room with this id, active or not; nullptr when there is none.
const Resource* find_resource(const std::vector<Resource>& resources, const std::string& id);

bool overlaps(const Appointment& a, const Appointment& b);
// True when the whole of [start, end) lies inside one of the intervals of its local day.
bool within(const std::vector<OpenInterval>& intervals, const LocalDateTime& start,
            const LocalDateTime& end);

// Everything that stops `candidate` from being confirmed, each named by its rule:
// unknown_type, unknown_resource, wrong_resource_kind, too_short, outside_opening_hours,
// chair_double_booked (or room_), staff_double_booked, staff_off_duty, patient_double_booked,
// no_prescriber_on_site.
std::vector<Conflict> find_conflicts(const Appointment& candidate, const ScheduleFacts& facts);

}  // namespace plasticity
