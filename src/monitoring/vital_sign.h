// Vital signs as bedside monitors report them: a kind, a value in the kind's one unit, the time
// the device measured it. A reading outside what a living adult can show is invalid (rejected at
// the edge, never stored as a value); a valid reading outside the normal range is abnormal (shown,
// not an alarm by itself); alarms are decided by alarm_rules.h.
//
//   auto kind = parse_vital_kind("sbp");                 // VitalKind::systolic_bp
//   auto error = check_reading(*kind, 420, "mm[Hg]");   // "sbp 420 mm[Hg] is not possible ..."
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "core/utc_time.h"

namespace plasticity {

// Sealed blocks (storage/vital_block.h) store a kind by its number: add kinds at the end, never
// reorder them.
enum class VitalKind {
  systolic_bp,
  diastolic_bp,
  mean_arterial_pressure,
  heart_rate,
  spo2,
  respiratory_rate,
  temperature,
  etco2,
};

inline constexpr std::array kAllVitalKinds{
    VitalKind::systolic_bp, VitalKind::diastolic_bp, VitalKind::mean_arterial_pressure,
    VitalKind::heart_rate,  VitalKind::spo2,         VitalKind::respiratory_rate,
    VitalKind::temperature, VitalKind::etco2};

// "sbp", "dbp", "map", "hr", "spo2", "rr", "temp", "etco2": the names used in the API.
std::string_view to_string(VitalKind kind);
std::optional<VitalKind> parse_vital_kind(std::string_view name);

// The UCUM unit every reading of the kind is stored in ("mm[Hg]", "/min", "%", "Cel").
std::string_view ucum_unit(VitalKind kind);

// A reading as stored: the device's own time and the time Plasticity received it are both kept.
struct VitalReading {
  std::string device_id;
  VitalKind kind = VitalKind::heart_rate;
  double value = 0;
  UtcTime measured_at;
  UtcTime received_at;
};

// Why a reading cannot be stored (wrong unit, physically impossible value); nullopt when valid.
std::optional<std::string> check_reading(VitalKind kind, double value, std::string_view unit);

// How long before its session was booked or scheduled a reading may have been measured (a
// monitor switched on early, a gateway's queue): Plasticity's default, configurable with
// `serve --reading-lookback-minutes` (an engineering bound, not a clinical number).
inline constexpr int kDefaultReadingLookbackMinutes = 60;

// The earliest time a reading for a session may carry: `lookback_ms` before the session was
// booked or scheduled, whichever came first.
UtcTime earliest_reading_time(UtcTime booked_at, UtcTime scheduled_at, std::int64_t lookback_ms);

// Why a reading's measurement time cannot be right, judged when it arrives: a device clock may
// run a little ahead (up to 5 minutes), not more; and a reading from before `earliest` (a clock
// reset to 1900, a year of 0001) belongs to no session. nullopt when plausible.
std::optional<std::string> check_measured_at(UtcTime measured_at, UtcTime received_at,
                                             UtcTime earliest);

// Outside the usual adult resting range: shown highlighted, never an alarm on its own.
bool is_abnormal(VitalKind kind, double value);

}  // namespace plasticity
