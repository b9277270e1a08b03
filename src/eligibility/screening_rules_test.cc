// The shipped screening rules (definitions/screening_rules.json): each rule fires on the answer it
// is about and on nothing else, with the result its kind gives; the file carries a source for
// every rule; and a broken clinic file is refused naming the field.
#include <gtest/gtest.h>

#include "interop/planning_json.h"

namespace plasticity {
namespace {

const ProtocolCatalog& protocols() {
  static const ProtocolCatalog catalog = load_protocol_catalog({PLASTICITY_PROTOCOLS_DIR});
  return catalog;
}

const std::vector<ScreeningRule>& shipped() {
  static const auto rules = load_screening_rules({PLASTICITY_ELIGIBILITY_DIR}, protocols());
  return rules;
}

// A 40-year-old with treatment-resistant depression and nothing else of note.
Intake clear_intake() {
  Intake intake;
  for (const auto& field : intake_fields()) {
    if (field.type == IntakeFieldType::yes_no) intake[field.id] = false;
  }
  intake["recreational_ketamine_pcp_opioid_uses_past_year"] = 0.0;
  intake["adequate_antidepressant_trials"] = 3.0;
  intake["benzodiazepine_lorazepam_mg_per_day"] = 0.0;
  intake["hypertension"] = std::string("none");
  intake["cerebrovascular_disease"] = std::string("none");
  intake["pregnancy_status"] = std::string("not_pregnant");
  intake["baseline_sbp"] = 124.0;
  intake["baseline_dbp"] = 78.0;
  intake["baseline_hr"] = 72.0;
  intake["weight_kg"] = 80.0;
  intake["baseline_phq9"] = 19.0;
  intake["age_years"] = 40.0;
  return intake;
}

struct Case {
  const char* rule;
  const char* protocol;
  std::vector<std::pair<const char*, IntakeValue>> answers;
  Eligibility expected;
  std::vector<std::string> also = {};  // rules the same answer fires too
};

const std::vector<Case>& cases() {
  using E = Eligibility;
  static const std::vector<Case> all{
      {"current_psychosis", "iv_ketamine", {{"psychosis_current", true}}, E::not_eligible},
      {"current_mania", "oral_ketamine", {{"mania_current", true}}, E::not_eligible},
      {"pregnant",
       "esketamine_nasal",
       {{"pregnancy_status", std::string("pregnant")}},
       E::not_eligible},
      {"pregnancy_unknown",
       "iv_ketamine",
       {{"pregnancy_status", std::string("unknown")}},
       E::needs_review},
      {"breastfeeding", "iv_ketamine", {{"lactating", true}}, E::needs_review},
      {"hypersensitivity", "im_ketamine", {{"hypersensitivity_ketamine", true}}, E::not_eligible},
      {"aneurysm_or_avm_esketamine",
       "esketamine_nasal",
       {{"aneurysmal_vascular_disease_or_avm", true}},
       E::not_eligible},
      {"aneurysm_or_avm_ketamine",
       "iv_ketamine",
       {{"aneurysmal_vascular_disease_or_avm", true}},
       E::needs_review},
      {"intracerebral_haemorrhage_esketamine",
       "esketamine_nasal",
       {{"intracerebral_haemorrhage_history", true}},
       E::not_eligible},
      {"intracerebral_haemorrhage_ketamine",
       "oral_ketamine",
       {{"intracerebral_haemorrhage_history", true}},
       E::needs_review},
      {"uncontrolled_hypertension",
       "iv_ketamine",
       {{"hypertension", std::string("uncontrolled")}},
       E::needs_review},
      {"baseline_bp_above_140_90", "esketamine_nasal", {{"baseline_dbp", 92.0}}, E::eligible},
      {"significant_arrhythmia",
       "iv_ketamine",
       {{"arrhythmia_significant", true}},
       E::needs_review},
      {"unstable_cerebrovascular_disease",
       "iv_ketamine",
       {{"cerebrovascular_disease", std::string("unstable")}},
       E::needs_review},
      {"raised_intracranial_pressure",
       "iv_ketamine",
       {{"raised_intracranial_pressure", true}},
       E::needs_review},
      {"psychosis_history", "iv_ketamine", {{"psychosis_history", true}}, E::needs_review},
      {"bipolar_without_mood_stabiliser",
       "iv_ketamine",
       {{"bipolar_disorder", true}},
       E::needs_review},
      {"current_substance_use_disorder",
       "iv_ketamine",
       {{"substance_use_disorder_current", true}},
       E::needs_review},
      {"ketamine_pcp_misuse_history",
       "iv_ketamine",
       {{"ketamine_pcp_misuse_history", true}},
       E::needs_review},
      {"recreational_use_past_year",
       "iv_ketamine",
       {{"recreational_ketamine_pcp_opioid_uses_past_year", 2.0}},
       E::needs_review},
      {"alcohol_use_disorder", "iv_ketamine", {{"alcohol_use_disorder", true}}, E::eligible},
      {"benzodiazepine_above_3_mg",
       "iv_ketamine",
       {{"benzodiazepine_lorazepam_mg_per_day", 4.0}},
       E::needs_review,
       {"sedating_or_pressor_medicine"}},
      {"sedating_or_pressor_medicine",
       "esketamine_nasal",
       {{"psychostimulant", true}},
       E::eligible},
      {"cognitive_impairment", "iv_ketamine", {{"cognitive_impairment", true}}, E::needs_review},
      {"age_60_without_mmse_25", "iv_ketamine", {{"age_years", 63.0}}, E::needs_review},
      {"not_treatment_resistant",
       "iv_ketamine",
       {{"adequate_antidepressant_trials", 1.0}},
       E::eligible},
      {"controlled_hypertension",
       "iv_ketamine",
       {{"hypertension", std::string("controlled")}},
       E::eligible},
      {"ptsd_distress", "iv_ketamine", {{"ptsd", true}}, E::eligible},
      {"phq9_below_15", "iv_ketamine", {{"baseline_phq9", 14.0}}, E::eligible},
  };
  return all;
}

TEST(ShippedScreeningRules, EveryRuleHasASourceAndATest) {
  ASSERT_EQ(shipped().size(), cases().size());
  for (const auto& rule : shipped()) {
    EXPECT_FALSE(rule.source.empty()) << rule.id;
    bool tested = false;
    for (const auto& c : cases()) tested |= rule.id == c.rule;
    EXPECT_TRUE(tested) << rule.id;
  }
}

TEST(ShippedScreeningRules, AClearIntakeIsEligibleForEveryProtocol) {
  for (const auto& [id, protocol] : protocols().all()) {
    const ScreeningResult result = screen(shipped(), id, clear_intake());
    EXPECT_EQ(result.eligibility, Eligibility::eligible) << id;
    EXPECT_TRUE(result.fired.empty()) << id << " fired " << result.fired[0].id;
  }
}

TEST(ShippedScreeningRules, EachRuleFiresOnItsOwnAnswerAlone) {
  for (const auto& c : cases()) {
    Intake intake = clear_intake();
    for (const auto& [field, value] : c.answers) intake[field] = value;
    const ScreeningResult result = screen(shipped(), c.protocol, intake);
    std::vector<std::string> fired;
    for (const auto& rule : result.fired) fired.push_back(rule.id);
    std::vector<std::string> expected{c.rule};
    expected.insert(expected.end(), c.also.begin(), c.also.end());
    EXPECT_EQ(fired, expected);
    EXPECT_EQ(result.eligibility, c.expected) << c.rule;
  }
}

TEST(ShippedScreeningRules, Thresholds) {
  auto fires = [](const char* field, IntakeValue value) {
    Intake intake = clear_intake();
    intake[field] = value;
    return !screen(shipped(), "esketamine_nasal", intake).fired.empty();
  };
  EXPECT_FALSE(fires("benzodiazepine_lorazepam_mg_per_day", 0.0));
  EXPECT_TRUE(fires("benzodiazepine_lorazepam_mg_per_day", 0.5));               // a caution already
  EXPECT_FALSE(fires("recreational_ketamine_pcp_opioid_uses_past_year", 1.0));  // "rare" use
  EXPECT_FALSE(fires("baseline_sbp", 140.0));
  EXPECT_TRUE(fires("baseline_sbp", 141.0));
  EXPECT_FALSE(fires("age_years", 59.0));
  Intake older = clear_intake();
  older["age_years"] = 60.0;
  older["mmse_score"] = 25.0;
  EXPECT_TRUE(screen(shipped(), "iv_ketamine", older).fired.empty());
  older["mmse_score"] = 24.0;
  EXPECT_EQ(screen(shipped(), "iv_ketamine", older).fired.at(0).id, "age_60_without_mmse_25");
}

TEST(ShippedScreeningRules, ABrokenRuleFileIsRefusedNamingTheField) {
  auto error_of = [](const std::string& json) {
    try {
      parse_screening_rules(json, protocols());
    } catch (const DefinitionError& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  const std::string head =
      R"({"rules": [{"id": "r", "kind": "relative", "message": "m", "source": "s", )";
  EXPECT_NE(error_of(head + R"("when": {"field": "blood_type", "is": true}}]})")
                .find("/rules/0/when/field"),
            std::string::npos);
  EXPECT_NE(
      error_of(head + R"("when": {"field": "baseline_sbp", "is": true}}]})").find("answer type"),
      std::string::npos);
  EXPECT_NE(error_of(head + R"("when": {"field": "hypertension", "equals": "mild"}}]})")
                .find("/rules/0/when/equals"),
            std::string::npos);
  EXPECT_NE(
      error_of(head + R"("protocols": ["laughing_gas"], "when": {"field": "ptsd", "is": true}}]})")
          .find("/rules/0/protocols"),
      std::string::npos);
  EXPECT_NE(
      error_of(
          R"({"rules": [{"id": "r", "kind": "severe", "message": "m", "source": "s", "when": {"field": "ptsd", "is": true}}]})")
          .find("/rules/0/kind"),
      std::string::npos);
}

}  // namespace
}  // namespace plasticity
