// Response, remission, meaningful change and relapse along one patient's series of totals on one
// instrument, by the instrument's OutcomeRules. Pure: totals in, classifications out.
//
//   auto points = classify_trajectory(phq9.outcomes, {20, 14, 9, 4});
//   points[2].response == true (55% below 20); points[3].remission == true (4 ≤ 4)
#pragma once

#include <optional>
#include <vector>

#include "instruments/instrument.h"

namespace plasticity {

struct TrajectoryPoint {
  bool is_baseline = false;
  std::optional<int> change;             // total − baseline (negative is better)
  std::optional<double> change_percent;  // 100 × change / baseline, when baseline > 0
  // Each is null when the rule does not apply to the instrument or this point has no total.
  std::optional<bool> response;
  std::optional<bool> remission;
  std::optional<bool> meaningful_change;
  std::optional<bool> relapse;
};

// `totals` in chronological order; null for incomplete assessments. `baseline` indexes the
// baseline (outcomes/baseline.h); the points before it are not classified, and without one none
// is. The first overload takes the first complete total as the baseline.
std::vector<TrajectoryPoint> classify_trajectory(const OutcomeRules& rules,
                                                 const std::vector<std::optional<int>>& totals);
std::vector<TrajectoryPoint> classify_trajectory(const OutcomeRules& rules,
                                                 const std::vector<std::optional<int>>& totals,
                                                 std::optional<std::size_t> baseline);

}  // namespace plasticity
