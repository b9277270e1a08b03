// The baseline of an instrument's series: one definition for the whole product (the chart's
// trajectory, the futility review, the clinic's outcome report).
//
// With a treatment course, the last complete assessment in the `window_days` (default 30) before
// the first dose, up to the dose itself (the morning of the first session counts; that evening's
// does not: a score hours after the first infusion is its first follow-up, the one Murrough 2013's
// early-response rule reads); without a course, the first complete assessment. A course whose
// window holds no complete assessment has no baseline: its response cannot be judged. (ORKA-1 and
// ELEKT-D measure from a pre-treatment score; the 30-day window is a clinic default,
// configurable.)
//
//   auto at = baseline_index(series, first_dose);   // index into `series`, or nullopt
#pragma once

#include <optional>
#include <vector>

#include "core/utc_time.h"

namespace plasticity {

inline constexpr int kDefaultBaselineWindowDays = 30;

struct DatedTotal {
  UtcTime at;
  std::optional<int> total;  // none: incomplete
};

// `series` in chronological order.
std::optional<std::size_t> baseline_index(const std::vector<DatedTotal>& series,
                                          std::optional<UtcTime> first_dose,
                                          int window_days = kDefaultBaselineWindowDays);

}  // namespace plasticity
