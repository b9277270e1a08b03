#include "outcomes/futility.h"

#include <gtest/gtest.h>

namespace plasticity {
namespace {

OutcomeRules phq9_rules() {
  OutcomeRules rules;
  rules.response_min_reduction = 0.5;  // PHQ-9 response: ≥ 50% below baseline
  rules.remission_at_most = 4;
  return rules;
}

std::vector<TrajectoryPoint> phq9(std::vector<std::optional<int>> totals) {
  return classify_trajectory(phq9_rules(), totals);
}

TEST(Futility, NotBeforeTheReviewPoint) {
  EXPECT_FALSE(review_futility(2, 3, phq9({22, 21, 20}), "PHQ-9").due);
}

TEST(Futility, NoResponseAfterThreeSessionsIsDue) {
  const FutilityReview review = review_futility(3, 3, phq9({22, 19, 18, 12}), "PHQ-9");
  EXPECT_TRUE(review.due);  // 12 is 45% below 22: not a response
  EXPECT_NE(review.reason.find("no response on PHQ-9 after 3 sessions"), std::string::npos);
}

TEST(Futility, AResponseAtAnyPointSinceBaselineIsNotDue) {
  EXPECT_FALSE(review_futility(3, 3, phq9({22, 11, 14}), "PHQ-9").due);  // 11 = 50% below
  EXPECT_FALSE(review_futility(4, 3, phq9({20, 10}), "PHQ-9").due);
}

TEST(Futility, MissingScoresStillRaiseTheReview) {
  EXPECT_NE(review_futility(3, 3, phq9({}), "PHQ-9").reason.find("no baseline"), std::string::npos);
  EXPECT_NE(review_futility(3, 3, phq9({22}), "PHQ-9").reason.find("since baseline"),
            std::string::npos);
  EXPECT_TRUE(review_futility(3, 3, phq9({22, std::nullopt}), "PHQ-9").due);
}

}  // namespace
}  // namespace plasticity
