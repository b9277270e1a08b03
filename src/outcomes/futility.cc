#include "outcomes/futility.h"

#include <algorithm>

namespace plasticity {

FutilityReview review_futility(int sessions_completed, int review_after,
                               const std::vector<TrajectoryPoint>& points,
                               const std::string& instrument_name) {
  if (sessions_completed < review_after) return {};
  const std::string after = "after " + std::to_string(sessions_completed) +
                            (sessions_completed == 1 ? " session" : " sessions");
  const bool has_baseline =
      std::any_of(points.begin(), points.end(), [](const auto& p) { return p.is_baseline; });
  if (!has_baseline) {
    return {true, "no baseline " + instrument_name + ": response cannot be judged " + after};
  }
  const bool scored_since = std::any_of(points.begin(), points.end(), [](const auto& p) {
    return !p.is_baseline && p.response.has_value();
  });
  if (!scored_since) {
    return {true, "no " + instrument_name + " since baseline: response cannot be judged " + after};
  }
  const bool responded = std::any_of(points.begin(), points.end(), [](const auto& p) {
    return !p.is_baseline && p.response.value_or(false);
  });
  if (responded) return {};
  return {true, "no response on " + instrument_name + " " + after +
                    " (few respond after three infusions without an earlier response)"};
}

}  // namespace plasticity
