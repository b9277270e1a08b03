#include "monitoring/vital_sign.h"

#include <cmath>

#include "core/decimal_text.h"

namespace plasticity {
namespace {

struct KindFacts {
  VitalKind kind;
  std::string_view name;
  std::string_view unit;
  // What a monitor can report from a living adult; beyond it the reading is a device fault.
  // Generous on purpose: a true extreme must never be discarded.
  double possible_low, possible_high;
  // Usual adult resting range (textbook values; a display aid only, not a clinical threshold —
  // alarm limits are configured in the protocol, see protocols/protocol_catalog.cc).
  double normal_low, normal_high;
};

constexpr std::array<KindFacts, 8> kFacts{{
    {VitalKind::systolic_bp, "sbp", "mm[Hg]", 20, 300, 90, 140},
    {VitalKind::diastolic_bp, "dbp", "mm[Hg]", 10, 250, 50, 90},
    {VitalKind::mean_arterial_pressure, "map", "mm[Hg]", 15, 270, 65, 105},
    {VitalKind::heart_rate, "hr", "/min", 15, 300, 50, 100},
    {VitalKind::spo2, "spo2", "%", 30, 100, 95, 100},
    {VitalKind::respiratory_rate, "rr", "/min", 0, 80, 10, 20},
    {VitalKind::temperature, "temp", "Cel", 25, 45, 36, 38},
    {VitalKind::etco2, "etco2", "mm[Hg]", 0, 150, 35, 45},
}};

const KindFacts& facts(VitalKind kind) { return kFacts.at(static_cast<std::size_t>(kind)); }

}  // namespace

std::string_view to_string(VitalKind kind) { return facts(kind).name; }

std::optional<VitalKind> parse_vital_kind(std::string_view name) {
  for (const auto& f : kFacts) {
    if (f.name == name) return f.kind;
  }
  return std::nullopt;
}

std::string_view ucum_unit(VitalKind kind) { return facts(kind).unit; }

std::optional<std::string> check_reading(VitalKind kind, double value, std::string_view unit) {
  const KindFacts& f = facts(kind);
  if (unit != f.unit) {
    return std::string(f.name) + " must be in " + std::string(f.unit) + ", not '" +
           std::string(unit) + "'";
  }
  if (!std::isfinite(value) || value < f.possible_low || value > f.possible_high) {
    return std::string(f.name) + " " + decimal_text(value, 6) + " " + std::string(f.unit) +
           " is not possible (accepted " + decimal_text(f.possible_low, 6) + " to " +
           decimal_text(f.possible_high, 6) + "): a device fault, not stored";
  }
  return std::nullopt;
}

UtcTime earliest_reading_time(UtcTime booked_at, UtcTime scheduled_at, std::int64_t lookback_ms) {
  return UtcTime{std::min(booked_at.epoch_ms, scheduled_at.epoch_ms) - lookback_ms};
}

std::optional<std::string> check_measured_at(UtcTime measured_at, UtcTime received_at,
                                             UtcTime earliest) {
  constexpr std::int64_t kClockSlackMs = 5 * kMillisPerMinute;
  if (measured_at.epoch_ms > received_at.epoch_ms + kClockSlackMs) {
    return "the measurement time is more than 5 minutes in the future (check the device clock)";
  }
  if (measured_at.epoch_ms < earliest.epoch_ms) {
    return "the measurement time is before " + to_iso8601(earliest) +
           ", earlier than this session allows (check the device clock)";
  }
  return std::nullopt;
}

bool is_abnormal(VitalKind kind, double value) {
  const KindFacts& f = facts(kind);
  return value < f.normal_low || value > f.normal_high;
}

}  // namespace plasticity
