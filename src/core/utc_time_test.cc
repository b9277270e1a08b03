#include "core/utc_time.h"

#include <gtest/gtest.h>

namespace plasticity {
namespace {

TEST(UtcTime, FormatsWithMilliseconds) {
  EXPECT_EQ(to_iso8601(UtcTime{0}), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(to_iso8601(UtcTime{1'700'000'000'123}), "2023-11-14T22:13:20.123Z");
  EXPECT_EQ(to_iso8601(UtcTime{-1}), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(to_iso8601(UtcTime{951'782'400'007}), "2000-02-29T00:00:00.007Z");  // leap day
  EXPECT_EQ(to_iso8601(UtcTime{253'402'300'799'999}), "9999-12-31T23:59:59.999Z");
  EXPECT_EQ(to_iso8601(UtcTime{253'402'300'800'000}), "10000-01-01T00:00:00.000Z");  // printf path
}

TEST(UtcTime, ParsesZuluAndOffsets) {
  EXPECT_EQ(parse_iso8601("2023-11-14T22:13:20Z")->epoch_ms, 1'700'000'000'000);
  EXPECT_EQ(parse_iso8601("2023-11-14T22:13:20.5Z")->epoch_ms, 1'700'000'000'500);
  EXPECT_EQ(parse_iso8601("2023-11-14T23:13:20+01:00")->epoch_ms, 1'700'000'000'000);
  EXPECT_EQ(parse_iso8601("2023-11-14T17:13:20-05:00")->epoch_ms, 1'700'000'000'000);
  EXPECT_EQ(parse_iso8601("1970-01-02")->epoch_ms, 86'400'000);
}

TEST(UtcTime, RoundTrips) {
  const UtcTime t{1'763'851'173'456};
  EXPECT_EQ(parse_iso8601(to_iso8601(t)), t);
}

TEST(UtcTime, RefusesImpossibleTimes) {
  EXPECT_FALSE(parse_iso8601("2023-11-14T24:00:00Z"));
  EXPECT_FALSE(parse_iso8601("2023-11-14T22:60:00Z"));
  EXPECT_FALSE(parse_iso8601("2023-11-14T22:13:20"));  // no zone: ambiguous
  EXPECT_FALSE(parse_iso8601("2023-02-30T00:00:00Z"));
  EXPECT_FALSE(parse_iso8601("2023-11-14 22:13:20Z"));
  EXPECT_FALSE(parse_iso8601("2023-11-14T22:13:20.Z"));
  EXPECT_FALSE(parse_iso8601("2023-11-14T22:13:20+1:00"));
}

TEST(UtcTime, DateOfInstant) {
  EXPECT_EQ(utc_date_of(UtcTime{1'700'000'000'000}), (CalendarDate{2023, 11, 14}));
  EXPECT_EQ(utc_date_of(UtcTime{-1}), (CalendarDate{1969, 12, 31}));
}

}  // namespace
}  // namespace plasticity
