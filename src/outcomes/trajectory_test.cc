#include "outcomes/trajectory.h"

#include <gtest/gtest.h>

namespace plasticity {
namespace {

OutcomeRules phq9_rules() {
  OutcomeRules rules;
  rules.response_min_reduction = 0.5;
  rules.remission_at_most = 4;
  rules.relapse_consecutive = 2;
  return rules;
}

TEST(Trajectory, ChangeFromTheFirstCompleteBaseline) {
  auto points = classify_trajectory(phq9_rules(), {std::nullopt, 20, 15, 10, 4});
  EXPECT_FALSE(points[0].change.has_value());
  EXPECT_TRUE(points[1].is_baseline);
  EXPECT_EQ(points[1].change, 0);
  EXPECT_EQ(points[2].change, -5);
  EXPECT_DOUBLE_EQ(*points[2].change_percent, -25.0);
  EXPECT_EQ(points[2].response, false);
  EXPECT_EQ(points[3].response, true);  // exactly 50%: "at least 50%" includes it
  EXPECT_EQ(points[3].remission, false);
  EXPECT_EQ(points[4].remission, true);  // PHQ-9 < 5
  EXPECT_FALSE(points[0].response.has_value());
}

TEST(Trajectory, ResponseNeedsAtLeastHalfOffAnOddBaseline) {
  auto points = classify_trajectory(phq9_rules(), {15, 8, 7});
  EXPECT_EQ(points[1].response, false);  // 7/15 = 46.7%
  EXPECT_EQ(points[2].response, true);   // 8/15 = 53.3%
}

TEST(Trajectory, RelapseAfterTwoConsecutiveAssessmentsAboveTheThreshold) {
  auto points = classify_trajectory(phq9_rules(), {20, 8, 12, std::nullopt, 14, 9, 11});
  EXPECT_EQ(points[1].response, true);
  EXPECT_EQ(points[2].relapse, false);          // one above threshold
  EXPECT_FALSE(points[3].relapse.has_value());  // incomplete: neither breaks nor extends
  EXPECT_EQ(points[4].relapse, true);           // second in a row
  EXPECT_EQ(points[5].response, true);          // responds again
  EXPECT_EQ(points[6].relapse, false);          // one above threshold again: not yet
}

TEST(Trajectory, NeverRespondedNeverRelapses) {
  auto points = classify_trajectory(phq9_rules(), {20, 18, 19, 20});
  for (const auto& p : points) EXPECT_EQ(p.relapse, false);
}

TEST(Trajectory, MeaningfulChangeForPcl5AndNoRulesWhereNoneAreDefined) {
  OutcomeRules pcl5;
  pcl5.meaningful_change_at_least = 10;
  auto points = classify_trajectory(pcl5, {50, 41, 40});
  EXPECT_EQ(points[1].meaningful_change, false);
  EXPECT_EQ(points[2].meaningful_change, true);
  EXPECT_FALSE(points[2].response.has_value());
  EXPECT_FALSE(points[2].remission.has_value());
}

TEST(Trajectory, ZeroBaselineHasNoPercentAndCannotRespond) {
  auto points = classify_trajectory(phq9_rules(), {0, 0});
  EXPECT_FALSE(points[1].change_percent.has_value());
  EXPECT_EQ(points[1].response, false);
  EXPECT_EQ(points[1].remission, true);
}

}  // namespace
}  // namespace plasticity
