// What the plan and schedule routes share: conflict checks against the stored schedule, the
// instructions queued for a booked appointment, appointment JSON, and "HH:MM" times.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "server/api.h"
#include "server/http/request_support.h"

namespace plasticity::server {

// Minutes after midnight for "HH:MM" (00:00 to 24:00), else nullopt.
std::optional<int> parse_clock(const std::string& text);
std::string clock_text(int minute_of_day);

// Checks appointments against the stored schedule (call with the schedule locked:
// Store::lock_schedule). The chairs, rooms and rota are read once, for all the appointments a
// request checks.
class ConflictCheck {
 public:
  explicit ConflictCheck(ApiServices& services);
  // Everything that stops `candidate` from being confirmed now, `also_confirming` counted as
  // confirmed too (the rest of a plan being booked with it).
  std::vector<Conflict> operator()(const Appointment& candidate,
                                   const std::vector<Appointment>& also_confirming = {}) const;
  const std::vector<Resource>& resources() const { return resources_; }

 private:
  ApiServices& services_;
  std::vector<Resource> resources_;
  std::vector<StaffRota> rota_;
};

// The patient instructions of the appointment's type, plus a reminder of the questionnaires due
// before it (`instruments`, whose link is made only when the message is sent).
std::vector<OutboxMessage> instructions_for(ApiServices& services, const Appointment& appointment,
                                            const std::vector<std::string>& instruments,
                                            UtcTime now);

OrderedJson appointment_to_json(ApiServices& services, const Appointment& appointment);
OrderedJson resource_to_json(const Resource& resource);
OrderedJson rota_to_json(const StaffRota& staff);
OrderedJson hours_to_json(const std::vector<OpenInterval>& intervals);

// Weekday names as the API writes them, 0 = "sun".
inline constexpr std::array<const char*, 7> kWeekdays{"sun", "mon", "tue", "wed",
                                                      "thu", "fri", "sat"};
OrderedJson conflicts_to_json(const std::vector<Conflict>& conflicts);
// 409 schedule-conflict naming every conflict (field starts_at, the conflict's rule).
http::Response conflict_response(const std::vector<Conflict>& conflicts);

// The outbox message kind that carries a questionnaire link: "self_report:phq9,gad7".
inline constexpr const char* kSelfReportPrefix = "self_report:";

}  // namespace plasticity::server
