#include "core/clinic_time.h"

#include <date/tz.h>

#include <chrono>
#include <stdexcept>

namespace plasticity {
namespace {

std::chrono::sys_days to_sys_days(const CalendarDate& date) {
  return std::chrono::sys_days{std::chrono::year_month_day{
      std::chrono::year{date.year}, std::chrono::month{static_cast<unsigned>(date.month)},
      std::chrono::day{static_cast<unsigned>(date.day)}}};
}

CalendarDate from_sys_days(std::chrono::sys_days days) {
  const std::chrono::year_month_day ymd{days};
  return {static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
          static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

const date::time_zone* zone_of(const void* zone) {
  return static_cast<const date::time_zone*>(zone);
}

}  // namespace

CalendarDate add_days(const CalendarDate& date, int days) {
  return from_sys_days(to_sys_days(date) + std::chrono::days{days});
}

int weekday_of(const CalendarDate& date) {
  return static_cast<int>(std::chrono::weekday{to_sys_days(date)}.c_encoding());
}

std::optional<ClinicTimeZone> ClinicTimeZone::locate(const std::string& iana_name) {
  try {
    return ClinicTimeZone{iana_name, date::locate_zone(iana_name)};
  } catch (const std::runtime_error&) {
    return std::nullopt;
  }
}

LocalDateTime ClinicTimeZone::to_local(UtcTime time) const {
  const date::sys_time<std::chrono::milliseconds> instant{std::chrono::milliseconds{time.epoch_ms}};
  const auto local = zone_of(zone_)->to_local(instant);
  const auto day = date::floor<date::days>(local);
  const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(local - day).count();
  const CalendarDate date = from_sys_days(std::chrono::sys_days{day.time_since_epoch()});
  return {date, static_cast<int>(minutes), weekday_of(date)};
}

UtcTime ClinicTimeZone::to_utc(const CalendarDate& date, int minute_of_day) const {
  const date::local_time<std::chrono::minutes> local{to_sys_days(date).time_since_epoch() +
                                                     std::chrono::minutes{minute_of_day}};
  // The offset in force before the wall clock changed: a skipped local time (spring forward)
  // lands as far after the jump as it was into the gap; a repeated one (fall back) is the earlier.
  const auto offset = zone_of(zone_)->get_info(local).first.offset;
  return {std::chrono::duration_cast<std::chrono::milliseconds>(local.time_since_epoch() - offset)
              .count()};
}

}  // namespace plasticity
