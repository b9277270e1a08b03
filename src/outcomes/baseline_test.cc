#include "outcomes/baseline.h"

#include <gtest/gtest.h>

#include "outcomes/trajectory.h"

namespace plasticity {
namespace {

UtcTime at(const std::string& iso) { return *parse_iso8601(iso); }

TEST(Baseline, WithoutACourseItIsTheFirstCompleteAssessment) {
  const std::vector<DatedTotal> series{{at("2026-01-01T10:00:00Z"), std::nullopt},
                                       {at("2026-01-05T10:00:00Z"), 18},
                                       {at("2026-01-09T10:00:00Z"), 12}};
  EXPECT_EQ(baseline_index(series, std::nullopt), 1u);
  EXPECT_FALSE(baseline_index({{at("2026-01-01T10:00:00Z"), std::nullopt}}, std::nullopt));
}

TEST(Baseline, WithACourseItIsTheLastCompleteOneInTheThirtyDaysUpToTheFirstDose) {
  const UtcTime dose = at("2026-03-10T14:00:00Z");  // 10:00 in New York
  const std::vector<DatedTotal> series{
      {at("2026-02-07T10:00:00Z"), 25},            // 31 days before: outside the window
      {at("2026-02-20T10:00:00Z"), 22},            // in the window
      {at("2026-03-09T10:00:00Z"), std::nullopt},  // incomplete: never a baseline
      {at("2026-03-10T12:30:00Z"), 21},            // 08:30 on the dose day: before the dose
      {at("2026-03-10T18:00:00Z"), 12},            // 4 h after the dose: the first follow-up
      {at("2026-03-11T05:30:00Z"), 9},             // 01:30 the next day: a follow-up
  };
  EXPECT_EQ(baseline_index(series, dose), 3u);
  EXPECT_EQ(baseline_index(series, dose, 10), 3u);
  const std::vector<DatedTotal> before_morning{series[0], series[1], series[4], series[5]};
  EXPECT_EQ(baseline_index(before_morning, dose), 1u)
      << "the evening of the first dose is a follow-up, not the baseline";
  const std::vector<DatedTotal> early{series[0], series[5]};
  EXPECT_FALSE(baseline_index(early, dose)) << "a course with no baseline in its window";
  EXPECT_EQ(baseline_index(early, dose, 40), 0u) << "the window is configurable";
}

TEST(Baseline, TheTrajectoryIsJudgedFromTheGivenBaselineOnly) {
  OutcomeRules phq9;
  phq9.response_min_reduction = 0.5;
  phq9.remission_at_most = 4;
  const auto points = classify_trajectory(phq9, {8, 20, 9, 4}, 1);
  EXPECT_FALSE(points[0].is_baseline);
  EXPECT_FALSE(points[0].response.has_value()) << "before the baseline: not classified";
  EXPECT_TRUE(points[1].is_baseline);
  EXPECT_EQ(points[2].response, true);
  EXPECT_EQ(points[3].remission, true);
  for (const auto& p : classify_trajectory(phq9, {8, 20}, std::nullopt)) {
    EXPECT_FALSE(p.response.has_value() || p.is_baseline);
  }
}

}  // namespace
}  // namespace plasticity
