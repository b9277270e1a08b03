#include "storage/vital_block.h"

#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <limits>
#include <random>

namespace plasticity {
namespace {

std::vector<VitalReading> a_session(int sets, std::uint64_t seed) {
  std::mt19937_64 random{seed};
  std::vector<VitalReading> readings;
  const std::int64_t start = 1'764'576'000'123;
  for (int i = 0; i < sets; ++i) {
    const UtcTime at{start + i * 5000 + static_cast<std::int64_t>(random() % 40)};
    const UtcTime received{at.epoch_ms + static_cast<std::int64_t>(random() % 900)};
    readings.push_back({"monitor-3", VitalKind::heart_rate, 60.0 + random() % 40, at, received});
    readings.push_back({"monitor-3", VitalKind::spo2, 90.0 + random() % 11, at, received});
    readings.push_back(
        {"gateway:ward-2", VitalKind::temperature, 36.0 + (random() % 20) / 10.0, at, received});
  }
  return readings;
}

void expect_same(std::vector<VitalReading> expected, const std::vector<VitalReading>& got) {
  sort_for_block(expected);
  ASSERT_EQ(got.size(), expected.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].device_id, expected[i].device_id) << i;
    EXPECT_EQ(got[i].kind, expected[i].kind) << i;
    EXPECT_EQ(got[i].measured_at, expected[i].measured_at) << i;
    EXPECT_EQ(got[i].received_at, expected[i].received_at) << i;
    EXPECT_EQ(std::bit_cast<std::uint64_t>(got[i].value),
              std::bit_cast<std::uint64_t>(expected[i].value))
        << i << ": " << expected[i].value;
  }
}

TEST(VitalBlock, ASessionComesBackBitForBitInAFewBytesAReading) {
  const auto readings = a_session(1080, 7);  // 90 minutes at one set every 5 s
  const std::string block = encode_vital_block(readings);
  expect_same(readings, decode_vital_block(block));
  EXPECT_LE(static_cast<double>(block.size()) / readings.size(), 16.0) << block.size();
}

TEST(VitalBlock, KeepsValuesThatAreNoWholeThousandthAndOddTimes) {
  const UtcTime t{0};
  std::vector<VitalReading> readings{
      {"d", VitalKind::temperature, 36.6, t, t},
      {"d", VitalKind::etco2, 0.1 + 0.2, UtcTime{-5}, UtcTime{-7}},  // not 0.3
      {"d", VitalKind::mean_arterial_pressure, 1.0 / 3.0, UtcTime{1}, UtcTime{1}},
      {"d", VitalKind::spo2, -0.0, UtcTime{2}, UtcTime{2}},
      {"d", VitalKind::heart_rate, 1e300, UtcTime{3}, UtcTime{4'000'000'000'000}},
      {"d", VitalKind::respiratory_rate, std::numeric_limits<double>::denorm_min(),
       UtcTime{std::numeric_limits<std::int64_t>::max() / 4}, UtcTime{0}},
      {"", VitalKind::systolic_bp, 120, UtcTime{3}, UtcTime{3}},
  };
  expect_same(readings, decode_vital_block(encode_vital_block(readings)));
  expect_same({}, decode_vital_block(encode_vital_block({})));
}

TEST(VitalBlock, ADamagedBlockIsRefusedNotGuessed) {
  const std::string block = encode_vital_block(a_session(50, 3));
  for (const std::size_t at : {std::size_t{0}, block.size() / 2, block.size() - 1}) {
    std::string bad = block;
    bad[at] = static_cast<char>(bad[at] ^ 0x5a);
    EXPECT_THROW(decode_vital_block(bad), std::runtime_error) << "byte " << at;
  }
  EXPECT_THROW(decode_vital_block(block.substr(0, block.size() - 3)), std::runtime_error);
  EXPECT_THROW(decode_vital_block(""), std::runtime_error);
  EXPECT_THROW(decode_vital_block("not a block at all"), std::runtime_error);
}

}  // namespace
}  // namespace plasticity
