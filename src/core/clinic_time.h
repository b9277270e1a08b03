// ClinicTime: the clinic's wall clock. Opening hours, working hours and "9 o'clock on Monday" are
// local times in the clinic's time zone (an IANA name such as "America/New_York"); the store and
// the API keep instants in UTC. Daylight-saving changes are handled by the system's tz database.
//
//   auto zone = ClinicTimeZone::locate("America/New_York");       // nullopt for an unknown name
//   UtcTime t = zone->to_utc({{2026, 12, 7}, 9 * 60});             // 14:00Z (EST is UTC-5)
//   zone->to_local(t).minute_of_day == 540;  zone->to_local(t).weekday == 1 (Monday)
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "core/calendar_date.h"
#include "core/utc_time.h"

namespace plasticity {

struct LocalDateTime {
  CalendarDate date;
  int minute_of_day = 0;  // 0..1439
  int weekday = 0;        // 0 = Sunday .. 6 = Saturday
};

// Days after `date` (negative: before), and the weekday of a date (0 = Sunday).
CalendarDate add_days(const CalendarDate& date, int days);
int weekday_of(const CalendarDate& date);

class ClinicTimeZone {
 public:
  static std::optional<ClinicTimeZone> locate(const std::string& iana_name);
  const std::string& name() const { return name_; }
  LocalDateTime to_local(UtcTime time) const;
  // A local time the clock skips (spring forward) is read with the offset before the change (02:30
  // becomes 03:30); one it shows twice (fall back) is the earlier of the two instants.
  UtcTime to_utc(const CalendarDate& date, int minute_of_day) const;

 private:
  ClinicTimeZone(std::string name, const void* zone) : name_(std::move(name)), zone_(zone) {}
  std::string name_;
  const void* zone_;  // date::time_zone from the tz database; lives for the whole program
};

}  // namespace plasticity
