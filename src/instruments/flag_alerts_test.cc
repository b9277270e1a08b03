#include "instruments/flag_alerts.h"

#include <gtest/gtest.h>

namespace plasticity {
namespace {

Instrument two_item_scale() {
  Instrument i;
  i.id = "demo";
  i.name = "Demo scale";
  i.items = {{"a", "", "Mood", {{0, "Never"}, {1, "Sometimes"}, {2, "Often"}}, true, {}, {}},
             {"b", "", "Thoughts of self-harm", {{0, "Never"}, {1, "Sometimes"}, {2, "Often"}}, true, {}, {}}};
  i.flags = {{"suicidal_ideation", "b", 1}};
  i.outcomes.worsening_at_least = 2;
  return i;
}

TEST(FlagAlerts, OneAlertPerFlagNamingTheAnswer) {
  const Instrument scale = two_item_scale();
  const Answers answers{{"a", 0}, {"b", 1}};
  auto alerts = flag_alerts(scale, answers, score_assessment(scale, answers), std::nullopt);
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].kind, "suicidal_ideation");
  EXPECT_EQ(alerts[0].message, "Demo scale: Thoughts of self-harm answered \"Sometimes\" (1)");
}

TEST(FlagAlerts, WorseningSinceTheLastTotalAtTheThreshold) {
  const Instrument scale = two_item_scale();
  const Answers answers{{"a", 2}, {"b", 0}};
  const auto score = score_assessment(scale, answers);
  EXPECT_TRUE(flag_alerts(scale, answers, score, 1).empty());  // +1
  auto alerts = flag_alerts(scale, answers, score, 0);         // +2
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].kind, "worsening");
  EXPECT_EQ(alerts[0].message, "Demo scale: rose from 0 to 2 (+2) since the last assessment");
  EXPECT_TRUE(flag_alerts(scale, answers, score, std::nullopt).empty());  // no earlier total
}

}  // namespace
}  // namespace plasticity
