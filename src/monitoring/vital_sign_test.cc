#include "monitoring/vital_sign.h"

#include <gtest/gtest.h>

#include <cmath>

namespace plasticity {
namespace {

TEST(VitalSign, NamesRoundTripForEveryKind) {
  for (VitalKind kind : kAllVitalKinds) {
    EXPECT_EQ(parse_vital_kind(to_string(kind)), kind) << to_string(kind);
  }
  EXPECT_FALSE(parse_vital_kind("bp").has_value());
}

TEST(VitalSign, AcceptsOnlyTheKindsUnit) {
  EXPECT_FALSE(check_reading(VitalKind::systolic_bp, 120, "mm[Hg]").has_value());
  const auto error = check_reading(VitalKind::systolic_bp, 16, "kPa");
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(*error, "sbp must be in mm[Hg], not 'kPa'");
  EXPECT_FALSE(check_reading(VitalKind::temperature, 37.2, "Cel").has_value());
  EXPECT_TRUE(check_reading(VitalKind::temperature, 99, "[degF]").has_value());
}

TEST(VitalSign, RejectsImpossibleValuesButKeepsTrueExtremes) {
  EXPECT_EQ(*check_reading(VitalKind::systolic_bp, 420, "mm[Hg]"),
            "sbp 420 mm[Hg] is not possible (accepted 20 to 300): a device fault, not stored");
  EXPECT_FALSE(check_reading(VitalKind::systolic_bp, 260, "mm[Hg]").has_value());
  EXPECT_TRUE(check_reading(VitalKind::spo2, 101, "%").has_value());
  EXPECT_FALSE(check_reading(VitalKind::spo2, 62, "%").has_value());
  EXPECT_TRUE(check_reading(VitalKind::heart_rate, std::nan(""), "/min").has_value());
}

TEST(VitalSign, ReadingsMayStartAnHourBeforeTheSessionWasBookedOrScheduled) {
  const UtcTime booked{1'800'000'000'000}, scheduled{1'800'000'600'000};
  EXPECT_EQ(earliest_reading_time(booked, scheduled, 3'600'000).epoch_ms, 1'799'996'400'000);
  EXPECT_EQ(earliest_reading_time(scheduled, booked, 3'600'000).epoch_ms, 1'799'996'400'000);
}

TEST(VitalSign, ADeviceClockMayRunFiveMinutesAheadNotMoreNorBeforeTheSession) {
  const UtcTime received{1'800'000'000'000};
  const UtcTime earliest{received.epoch_ms - 3'600'000};
  EXPECT_FALSE(check_measured_at(UtcTime{received.epoch_ms - 3'600'000}, received, earliest));
  EXPECT_FALSE(check_measured_at(UtcTime{received.epoch_ms + 300'000}, received, earliest));
  EXPECT_EQ(*check_measured_at(UtcTime{received.epoch_ms - 3'600'001}, received, earliest),
            "the measurement time is before " + to_iso8601(earliest) +
                ", earlier than this session allows (check the device clock)");
  EXPECT_TRUE(check_measured_at(UtcTime{-62'135'596'800'000}, received, earliest));  // 0001-01-01
  EXPECT_EQ(*check_measured_at(UtcTime{received.epoch_ms + 300'001}, received, earliest),
            "the measurement time is more than 5 minutes in the future (check the device clock)");
}

TEST(VitalSign, AbnormalIsOutsideTheUsualRange) {
  EXPECT_FALSE(is_abnormal(VitalKind::systolic_bp, 140));
  EXPECT_TRUE(is_abnormal(VitalKind::systolic_bp, 141));
  EXPECT_TRUE(is_abnormal(VitalKind::spo2, 94));
  EXPECT_FALSE(is_abnormal(VitalKind::spo2, 95));
}

}  // namespace
}  // namespace plasticity
