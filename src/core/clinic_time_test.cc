#include "core/clinic_time.h"

#include <gtest/gtest.h>

namespace plasticity {
namespace {

UtcTime at(const char* iso) { return *parse_iso8601(iso); }

TEST(ClinicTime, UnknownZoneIsRefused) {
  EXPECT_FALSE(ClinicTimeZone::locate("Mars/Olympus_Mons"));
  EXPECT_TRUE(ClinicTimeZone::locate("UTC"));
}

TEST(ClinicTime, WinterAndSummerOffsetsInNewYork) {
  const auto zone = *ClinicTimeZone::locate("America/New_York");
  EXPECT_EQ(zone.to_utc({2026, 12, 7}, 9 * 60), at("2026-12-07T14:00:00Z"));  // EST, UTC-5
  EXPECT_EQ(zone.to_utc({2026, 7, 6}, 9 * 60), at("2026-07-06T13:00:00Z"));   // EDT, UTC-4
  const LocalDateTime local = zone.to_local(at("2026-12-07T14:00:00Z"));
  EXPECT_EQ(local.date, (CalendarDate{2026, 12, 7}));
  EXPECT_EQ(local.minute_of_day, 540);
  EXPECT_EQ(local.weekday, 1);  // Monday
}

TEST(ClinicTime, LocalDayDiffersFromUtcDayLateInTheEvening) {
  const auto zone = *ClinicTimeZone::locate("America/Los_Angeles");
  const LocalDateTime local = zone.to_local(at("2026-12-08T03:30:00Z"));
  EXPECT_EQ(local.date, (CalendarDate{2026, 12, 7}));
  EXPECT_EQ(local.minute_of_day, 19 * 60 + 30);
}

TEST(ClinicTime, SkippedAndRepeatedHours) {
  const auto zone = *ClinicTimeZone::locate("America/New_York");
  // 2026-03-08 02:30 does not exist in New York: read as 03:30 EDT.
  EXPECT_EQ(zone.to_utc({2026, 3, 8}, 2 * 60 + 30), at("2026-03-08T07:30:00Z"));
  // 2026-11-01 01:30 happens twice: the first (EDT).
  EXPECT_EQ(zone.to_utc({2026, 11, 1}, 90), at("2026-11-01T05:30:00Z"));
}

TEST(ClinicTime, DaysAndWeekdays) {
  EXPECT_EQ(add_days({2026, 12, 28}, 7), (CalendarDate{2027, 1, 4}));
  EXPECT_EQ(add_days({2028, 3, 1}, -1), (CalendarDate{2028, 2, 29}));
  EXPECT_EQ(weekday_of({2026, 11, 23}), 1);
  EXPECT_EQ(weekday_of({2026, 11, 22}), 0);
}

}  // namespace
}  // namespace plasticity
