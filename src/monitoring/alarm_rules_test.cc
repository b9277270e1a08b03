#include "monitoring/alarm_rules.h"

#include <gtest/gtest.h>

namespace plasticity {
namespace {

constexpr std::int64_t kStart = 1'800'000'000'000;

UtcTime at_s(int seconds) { return UtcTime{kStart + seconds * 1000LL}; }

AlarmRule rule(std::string id, VitalKind kind, AlarmRule::Test test, double threshold,
               AlarmSeverity severity = AlarmSeverity::warning, int readings = 1, int seconds = 0) {
  return AlarmRule{std::move(id), kind, test, threshold, severity, readings, seconds, "test"};
}

// A snapshot with the readings it views kept alive beside it.
struct Snapshot : MonitoringSnapshot {
  std::map<VitalKind, std::vector<TimedValue>> kept;
  void set(VitalKind kind, std::vector<TimedValue> values) {
    kept[kind] = std::move(values);
    readings[kind] = kept[kind];
  }
  void set_last(VitalKind kind, double value) { kept[kind].back().value = value; }
};

Snapshot with(VitalKind kind, std::vector<std::pair<int, double>> values, int now_s) {
  Snapshot snapshot;
  std::vector<TimedValue> timed;
  for (auto [second, value] : values) timed.push_back({at_s(second), value});
  snapshot.set(kind, std::move(timed));
  snapshot.now = at_s(now_s);
  return snapshot;
}

TEST(AlarmRules, AboveFiresOnlyStrictlyAboveTheLimit) {
  const std::vector rules{rule("sbp_critical_high", VitalKind::systolic_bp, AlarmRule::Test::above,
                               180, AlarmSeverity::critical)};
  EXPECT_TRUE(firing_alarms(rules, with(VitalKind::systolic_bp, {{0, 180}}, 0)).empty());
  const auto firing = firing_alarms(rules, with(VitalKind::systolic_bp, {{0, 185}}, 0));
  ASSERT_EQ(firing.size(), 1u);
  EXPECT_EQ(firing[0].rule_id, "sbp_critical_high");
  EXPECT_EQ(firing[0].severity, AlarmSeverity::critical);
  EXPECT_EQ(firing[0].message, "SBP 185 mm[Hg] above 180 (critical)");
  EXPECT_EQ(firing[0].value, 185);
  EXPECT_EQ(firing[0].since, at_s(0));
}

TEST(AlarmRules, BelowFiresOnlyStrictlyBelowTheLimit) {
  const std::vector rules{rule("spo2_low", VitalKind::spo2, AlarmRule::Test::below, 90)};
  EXPECT_TRUE(firing_alarms(rules, with(VitalKind::spo2, {{0, 90}}, 0)).empty());
  EXPECT_EQ(firing_alarms(rules, with(VitalKind::spo2, {{0, 89}}, 0)).size(), 1u);
}

TEST(AlarmRules, OnlyTheLatestRunCounts) {
  const std::vector rules{rule("sbp_high", VitalKind::systolic_bp, AlarmRule::Test::above, 160)};
  // High earlier, normal now: not firing.
  EXPECT_TRUE(
      firing_alarms(rules, with(VitalKind::systolic_bp, {{0, 170}, {600, 150}}, 600)).empty());
}

TEST(AlarmRules, OneArtefactDoesNotFireASustainedRule) {
  const std::vector rules{rule("spo2_low", VitalKind::spo2, AlarmRule::Test::below, 90,
                               AlarmSeverity::critical, 2, 15)};
  // A single dip (probe moved): one reading, no alarm.
  EXPECT_TRUE(firing_alarms(rules, with(VitalKind::spo2, {{0, 97}, {1, 70}}, 1)).empty());
  // Two low readings but only 5 s apart: not yet sustained for 15 s.
  EXPECT_TRUE(firing_alarms(rules, with(VitalKind::spo2, {{0, 88}, {5, 87}}, 5)).empty());
  // Low for 15 s: fires, since the first low reading.
  const auto firing =
      firing_alarms(rules, with(VitalKind::spo2, {{0, 97}, {10, 88}, {20, 87}, {25, 86}}, 25));
  ASSERT_EQ(firing.size(), 1u);
  EXPECT_EQ(firing[0].since, at_s(10));
  EXPECT_EQ(firing[0].value, 86);
  // A normal reading in between restarts the count.
  EXPECT_TRUE(
      firing_alarms(rules, with(VitalKind::spo2, {{0, 88}, {10, 95}, {20, 87}}, 20)).empty());
}

TEST(AlarmRules, RiseFromBaselineUsesThePreDoseValue) {
  const std::vector rules{
      rule("sbp_rise", VitalKind::systolic_bp, AlarmRule::Test::rise_from_baseline, 40)};
  auto snapshot = with(VitalKind::systolic_bp, {{2400, 169}}, 2400);
  // Without a baseline the rule cannot judge a rise.
  EXPECT_TRUE(firing_alarms(rules, snapshot).empty());
  snapshot.baseline[VitalKind::systolic_bp] = 130;
  EXPECT_TRUE(firing_alarms(rules, snapshot).empty());  // +39
  snapshot.set_last(VitalKind::systolic_bp, 170);       // +40: the label's threshold
  const auto firing = firing_alarms(rules, snapshot);
  ASSERT_EQ(firing.size(), 1u);
  EXPECT_EQ(firing[0].message, "SBP 170 mm[Hg], up 40 from pre-dose 130 (warning)");
}

TEST(AlarmRules, MissingDataOnlyWhileDosing) {
  const std::vector rules{rule("spo2_missing", VitalKind::spo2, AlarmRule::Test::no_reading, 2)};
  auto snapshot = with(VitalKind::spo2, {{0, 98}}, 600);
  EXPECT_TRUE(firing_alarms(rules, snapshot).empty());  // not dosing: nothing expected
  snapshot.dosing_since = at_s(0);
  snapshot.now = at_s(119);
  EXPECT_TRUE(firing_alarms(rules, snapshot).empty());
  snapshot.now = at_s(120);
  const auto firing = firing_alarms(rules, snapshot);
  ASSERT_EQ(firing.size(), 1u);
  EXPECT_EQ(firing[0].message,
            "no SPO2 reading for 2 min while dosing: monitor disconnected? (warning)");
  EXPECT_EQ(firing[0].since, at_s(120));
  EXPECT_FALSE(firing[0].value.has_value());
}

TEST(AlarmRules, MissingDataClockStartsAtDosingWhenNothingCame) {
  const std::vector rules{rule("spo2_missing", VitalKind::spo2, AlarmRule::Test::no_reading, 2)};
  Snapshot snapshot;
  snapshot.dosing_since = at_s(100);
  snapshot.now = at_s(219);
  EXPECT_TRUE(firing_alarms(rules, snapshot).empty());
  snapshot.now = at_s(220);
  EXPECT_EQ(firing_alarms(rules, snapshot).size(), 1u);
}

TEST(AlarmRules, EachRuleIsJudgedOnItsOwnKind) {
  const std::vector rules{
      rule("sbp_high", VitalKind::systolic_bp, AlarmRule::Test::above, 160),
      rule("hr_high", VitalKind::heart_rate, AlarmRule::Test::above, 110),
  };
  auto snapshot = with(VitalKind::heart_rate, {{0, 170}}, 0);
  const auto firing = firing_alarms(rules, snapshot);
  ASSERT_EQ(firing.size(), 1u);
  EXPECT_EQ(firing[0].rule_id, "hr_high");
}

TEST(AlarmRules, TheMostSevereOfTheSameKindAndTestOutranksTheOthers) {
  const std::vector rules{
      rule("sbp_warning_high", VitalKind::systolic_bp, AlarmRule::Test::above, 160),
      rule("sbp_critical_high", VitalKind::systolic_bp, AlarmRule::Test::above, 180,
           AlarmSeverity::critical),
      rule("sbp_rise", VitalKind::systolic_bp, AlarmRule::Test::rise_from_baseline, 40),
  };
  auto snapshot = with(VitalKind::systolic_bp, {{0, 170}}, 0);
  snapshot.baseline[VitalKind::systolic_bp] = 120;
  auto firing = firing_alarms(rules, snapshot);
  ASSERT_EQ(firing.size(), 2u);
  EXPECT_EQ(firing[0].rule_id, "sbp_warning_high");
  EXPECT_EQ(firing[1].rule_id, "sbp_rise");  // another test: its own alarm
  snapshot.set_last(VitalKind::systolic_bp, 185);
  firing = firing_alarms(rules, snapshot);
  ASSERT_EQ(firing.size(), 2u);
  EXPECT_EQ(firing[0].rule_id, "sbp_critical_high");
  EXPECT_EQ(firing[1].rule_id, "sbp_rise");
}

TEST(AlarmRules, RuleProblemsNameTheField) {
  auto bad =
      rule("", VitalKind::spo2, AlarmRule::Test::no_reading, 0, AlarmSeverity::warning, 0, -1);
  const auto problems = rule_problems(bad);
  ASSERT_EQ(problems.size(), 4u);
  EXPECT_EQ(problems[0], "id: a rule needs an id");
  EXPECT_EQ(problems[1], "threshold: minutes without a reading must be more than 0");
  EXPECT_EQ(problems[2], "sustained_readings: at least 1");
  EXPECT_EQ(problems[3], "sustained_seconds: at least 0");
  EXPECT_TRUE(rule_problems(rule("ok", VitalKind::spo2, AlarmRule::Test::below, 90)).empty());
}

FiringAlarm firing_for(std::string rule_id) {
  return FiringAlarm{std::move(rule_id), AlarmSeverity::critical, "m", 185, at_s(0)};
}

TEST(ReconcileAlarms, RaisesOnlyWhatIsNotAlreadyOpen) {
  const auto changes = reconcile_alarms({{"a1", "sbp_high", true, false}},
                                        {firing_for("sbp_high"), firing_for("dbp_high")});
  ASSERT_EQ(changes.raise.size(), 1u);
  EXPECT_EQ(changes.raise[0].rule_id, "dbp_high");
  EXPECT_TRUE(changes.condition_ended.empty());
  EXPECT_TRUE(changes.cleared.empty());
}

TEST(ReconcileAlarms, AnUnacknowledgedAlarmStaysOpenWhenItsConditionEnds) {
  const auto changes = reconcile_alarms({{"a1", "sbp_high", true, false}}, {});
  EXPECT_EQ(changes.condition_ended, std::vector<std::string>{"a1"});
  EXPECT_TRUE(changes.cleared.empty());
}

TEST(ReconcileAlarms, AnAcknowledgedAlarmClearsWhenItsConditionEnds) {
  const auto changes = reconcile_alarms({{"a1", "sbp_high", true, true}}, {});
  EXPECT_EQ(changes.condition_ended, std::vector<std::string>{"a1"});
  EXPECT_EQ(changes.cleared, std::vector<std::string>{"a1"});
}

TEST(ReconcileAlarms, AConditionThatReturnsBeforeClearingReopensTheSameAlarm) {
  const auto changes =
      reconcile_alarms({{"a1", "sbp_high", false, false}}, {firing_for("sbp_high")});
  EXPECT_TRUE(changes.raise.empty());
  EXPECT_EQ(changes.condition_again, std::vector<std::string>{"a1"});
}

TEST(ReconcileAlarms, NothingChangesWhenNothingChanged) {
  EXPECT_TRUE(
      reconcile_alarms({{"a1", "sbp_high", true, false}}, {firing_for("sbp_high")}).empty());
  EXPECT_TRUE(reconcile_alarms({{"a1", "sbp_high", false, false}}, {}).empty());
  EXPECT_TRUE(clears_on_acknowledgement({"a1", "sbp_high", false, false}));
  EXPECT_FALSE(clears_on_acknowledgement({"a1", "sbp_high", true, false}));
}

}  // namespace
}  // namespace plasticity
