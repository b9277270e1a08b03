// The rule engine: each kind of test, the combination of fired rules into one result, and the
// prescriber's sign-off.
#include "eligibility/screening.h"

#include <gtest/gtest.h>

namespace plasticity {
namespace {

using Check = Condition::Test;

Condition is(const char* field, bool yes = true) {
  Condition c{Check::is, field};
  c.yes = yes;
  return c;
}
Condition compare(Check test, const char* field, double number) {
  Condition c{test, field};
  c.number = number;
  return c;
}

ScreeningRule rule(const char* id, RuleKind kind, Condition when,
                   std::vector<std::string> protocols = {}) {
  return {id, std::move(protocols), kind, std::move(when), std::string(id) + " fired", "a source"};
}

TEST(ScreeningCondition, EachTestReadsItsAnswerType) {
  const Intake intake{{"psychosis_current", true},
                      {"hypertension", std::string("controlled")},
                      {"baseline_sbp", 140.0}};
  EXPECT_TRUE(holds(is("psychosis_current"), intake));
  EXPECT_FALSE(holds(is("psychosis_current", false), intake));
  Condition equals{Check::equals, "hypertension"};
  equals.choice = "controlled";
  EXPECT_TRUE(holds(equals, intake));
  equals.choice = "uncontrolled";
  EXPECT_FALSE(holds(equals, intake));
  EXPECT_TRUE(holds(compare(Check::at_least, "baseline_sbp", 140), intake));
  EXPECT_FALSE(holds(compare(Check::above, "baseline_sbp", 140), intake));
  EXPECT_TRUE(holds(compare(Check::above, "baseline_sbp", 139.9), intake));
  EXPECT_FALSE(holds(compare(Check::below, "baseline_sbp", 140), intake));
  EXPECT_TRUE(holds(compare(Check::below, "baseline_sbp", 140.1), intake));
}

TEST(ScreeningCondition, AnUnansweredQuestionIsNeverReadAsNo) {
  const Intake intake{{"age_years", 64.0}};
  EXPECT_FALSE(holds(is("lactating", false), intake));
  EXPECT_FALSE(holds(compare(Check::below, "mmse_score", 25), intake));
  EXPECT_TRUE(holds(Condition{Check::missing, "mmse_score"}, intake));
  EXPECT_FALSE(holds(Condition{Check::missing, "age_years"}, intake));
}

TEST(ScreeningCondition, AllAndAny) {
  const Intake intake{{"bipolar_disorder", true}, {"mood_stabiliser", false}};
  Condition all{Check::all};
  all.parts = {is("bipolar_disorder"), is("mood_stabiliser", false)};
  EXPECT_TRUE(holds(all, intake));
  all.parts.push_back(is("ptsd"));  // unanswered
  EXPECT_FALSE(holds(all, intake));
  Condition any{Check::any};
  any.parts = {is("ptsd"), is("mood_stabiliser", true)};
  EXPECT_FALSE(holds(any, intake));
  any.parts.push_back(is("bipolar_disorder"));
  EXPECT_TRUE(holds(any, intake));
}

TEST(Screening, AbsoluteOutranksRelativeOutranksCaution) {
  const std::vector<ScreeningRule> rules{rule("caution_rule", RuleKind::caution, is("ptsd")),
                                         rule("relative_rule", RuleKind::relative, is("lactating")),
                                         rule("absolute_rule", RuleKind::absolute, is("maoi"))};
  Intake intake{{"ptsd", true}, {"lactating", false}, {"maoi", false}};
  ScreeningResult result = screen(rules, "iv_ketamine", intake);
  EXPECT_EQ(result.eligibility, Eligibility::eligible);
  ASSERT_EQ(result.fired.size(), 1u);
  EXPECT_EQ(result.fired[0].source, "a source");

  intake["lactating"] = true;
  result = screen(rules, "iv_ketamine", intake);
  EXPECT_EQ(result.eligibility, Eligibility::needs_review);

  intake["maoi"] = true;
  result = screen(rules, "iv_ketamine", intake);
  EXPECT_EQ(result.eligibility, Eligibility::not_eligible);
  ASSERT_EQ(result.fired.size(), 3u);  // every fired rule is listed, the strictest first
  EXPECT_EQ(result.fired[0].id, "absolute_rule");
  EXPECT_EQ(result.fired[1].id, "relative_rule");
  EXPECT_EQ(result.fired[2].id, "caution_rule");
}

TEST(Screening, RulesApplyOnlyToTheirProtocols) {
  const std::vector<ScreeningRule> rules{rule("label_rule", RuleKind::absolute,
                                              is("intracerebral_haemorrhage_history"),
                                              {"esketamine_nasal"})};
  const Intake intake{{"intracerebral_haemorrhage_history", true}};
  EXPECT_EQ(screen(rules, "esketamine_nasal", intake).eligibility, Eligibility::not_eligible);
  EXPECT_EQ(screen(rules, "iv_ketamine", intake).eligibility, Eligibility::eligible);
  EXPECT_TRUE(screen(rules, "iv_ketamine", intake).fired.empty());
}

ScreeningResult mixed_result() {
  return {Eligibility::needs_review,
          {{"uncontrolled_hypertension", RuleKind::relative, "m", "s"},
           {"breastfeeding", RuleKind::relative, "m", "s"},
           {"ptsd_distress", RuleKind::caution, "m", "s"}}};
}

TEST(SignOff, ApprovalNeedsEveryRelativeContraindicationOverriddenWithAReason) {
  const ScreeningResult result = mixed_result();
  SignOff sign_off{true, {{"uncontrolled_hypertension", "BP 150/92 on amlodipine, cardiology ok"}}};
  const FieldErrors errors = check_sign_off(result, sign_off);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].rule, "relative_overridden");
  EXPECT_NE(errors[0].message.find("breastfeeding"), std::string::npos);

  sign_off.overrides.push_back({"breastfeeding", "stops breastfeeding for the course"});
  EXPECT_TRUE(check_sign_off(result, sign_off).empty());
  sign_off.overrides[1].reason = "   ";
  ASSERT_EQ(check_sign_off(result, sign_off).size(), 1u);
  EXPECT_EQ(check_sign_off(result, sign_off)[0].field, "overrides/1/reason");
}

TEST(SignOff, AnAbsoluteContraindicationCanBeDeclinedButNeverOverridden) {
  const ScreeningResult result{Eligibility::not_eligible,
                               {{"pregnant", RuleKind::absolute, "m", "s"}}};
  SignOff approve{true, {{"pregnant", "patient insists"}}};
  const FieldErrors errors = check_sign_off(result, approve);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].rule, "not_absolute");
  EXPECT_EQ(errors[1].rule, "no_absolute_contraindication");
  EXPECT_TRUE(check_sign_off(result, SignOff{false, {}, "refer to obstetrics"}).empty());
}

TEST(SignOff, OverridesNameFiredRelativeRulesOnly) {
  const ScreeningResult result = mixed_result();
  const FieldErrors errors =
      check_sign_off(result, SignOff{false, {{"ptsd_distress", "r"}, {"made_up", "r"}}});
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].rule, "relative_only");
  EXPECT_EQ(errors[1].rule, "fired_rule");
}

TEST(Intake, EveryMissingOrImpossibleAnswerIsNamed) {
  Intake intake{{"psychosis_current", std::string("no")},
                {"baseline_sbp", 400.0},
                {"hypertension", std::string("mild")},
                {"favourite_colour", std::string("blue")},
                {"age_years", 40.0}};
  const FieldErrors errors = validate_intake(intake);
  auto has = [&](const std::string& field, const std::string& rule) {
    for (const auto& e : errors) {
      if (e.field == field && e.rule == rule) return true;
    }
    return false;
  };
  EXPECT_TRUE(has("intake/psychosis_current", "valid_answer"));
  EXPECT_TRUE(has("intake/baseline_sbp", "valid_answer"));
  EXPECT_TRUE(has("intake/hypertension", "valid_answer"));
  EXPECT_TRUE(has("intake/favourite_colour", "known_field"));
  EXPECT_TRUE(has("intake/age_years", "derived"));
  EXPECT_TRUE(has("intake/lactating", "required"));
  EXPECT_FALSE(has("intake/mmse_score", "required"));  // optional
}

}  // namespace
}  // namespace plasticity
