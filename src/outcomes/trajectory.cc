#include "outcomes/trajectory.h"

#include <algorithm>

namespace plasticity {
namespace {

bool is_response(const OutcomeRules& rules, int baseline, int total) {
  // At least the required fraction below baseline; a baseline of 0 cannot improve.
  return baseline > 0 && (baseline - total) >= *rules.response_min_reduction * baseline - 1e-9;
}

}  // namespace

std::vector<TrajectoryPoint> classify_trajectory(const OutcomeRules& rules,
                                                 const std::vector<std::optional<int>>& totals) {
  const auto first = std::find_if(totals.begin(), totals.end(),
                                  [](const std::optional<int>& t) { return t.has_value(); });
  return classify_trajectory(
      rules, totals,
      first == totals.end() ? std::nullopt : std::optional<std::size_t>(first - totals.begin()));
}

std::vector<TrajectoryPoint> classify_trajectory(const OutcomeRules& rules,
                                                 const std::vector<std::optional<int>>& totals,
                                                 std::optional<std::size_t> baseline_at) {
  std::vector<TrajectoryPoint> points(totals.size());
  if (!baseline_at || *baseline_at >= totals.size() || !totals[*baseline_at]) return points;
  const std::optional<int> baseline = totals[*baseline_at];
  points[*baseline_at].is_baseline = true;
  bool responder = false;  // has responded since the baseline or the last relapse
  int above_threshold_in_a_row = 0;
  for (std::size_t i = *baseline_at; i < totals.size(); ++i) {
    if (!totals[i]) continue;
    const int total = *totals[i];
    TrajectoryPoint& point = points[i];
    point.change = total - *baseline;
    if (*baseline > 0) point.change_percent = 100.0 * (total - *baseline) / *baseline;
    if (rules.remission_at_most) point.remission = total <= *rules.remission_at_most;
    if (rules.meaningful_change_at_least) {
      point.meaningful_change = (*baseline - total) >= *rules.meaningful_change_at_least;
    }
    if (!rules.response_min_reduction) continue;
    point.response = is_response(rules, *baseline, total);
    point.relapse = false;
    if (*point.response) {
      responder = true;
      above_threshold_in_a_row = 0;
    } else if (responder && ++above_threshold_in_a_row >= rules.relapse_consecutive) {
      point.relapse = true;
      responder = false;
      above_threshold_in_a_row = 0;
    }
  }
  return points;
}

}  // namespace plasticity
