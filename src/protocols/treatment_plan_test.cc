#include "protocols/treatment_plan.h"

#include <gtest/gtest.h>

namespace plasticity {
namespace {

Protocol iv() {
  Protocol p;
  p.id = "iv_ketamine";
  p.dose.basis = DoseBasis::per_kg;
  p.dose.default_mg_per_kg = 0.5;
  p.dose.min_mg_per_kg = 0.5;  // iv_ketamine.json: 0.5-1.0 mg/kg
  p.dose.max_mg_per_kg = 1.0;
  return p;
}

Protocol esketamine() {
  Protocol p;
  p.id = "esketamine_nasal";
  p.dose.basis = DoseBasis::fixed_mg;
  p.dose.allowed_mg = {56, 84};
  return p;
}

TreatmentPlan six_infusions() {
  TreatmentPlan plan;
  plan.indication = "trd";
  plan.protocol_id = "iv_ketamine";
  plan.dose_mg_per_kg = 0.5;
  plan.induction = {{6, 2}};
  plan.first_date = {2026, 12, 7};
  plan.measurements = {{"phq9", "before_every_session"}, {"pcl5", "weekly"}};
  plan.primary_instrument = "phq9";
  return plan;
}

bool names(const FieldErrors& errors, const std::string& field) {
  for (const auto& e : errors) {
    if (e.field == field) return true;
  }
  return false;
}

TEST(TreatmentPlan, ASixInfusionPlanIsValid) {
  EXPECT_TRUE(validate_plan(six_infusions(), iv()).empty());
  EXPECT_EQ(total_sessions(six_infusions().induction), 6);
}

TEST(TreatmentPlan, DoseOutsideTheProtocolIsRefused) {
  TreatmentPlan plan = six_infusions();
  plan.dose_mg_per_kg = 1.2;
  EXPECT_TRUE(names(validate_plan(plan, iv()), "dose_mg_per_kg"));
  plan.dose_mg_per_kg.reset();
  EXPECT_TRUE(names(validate_plan(plan, iv()), "dose_mg_per_kg"));
  plan.protocol_id = "esketamine_nasal";
  plan.dose_mg = 70;
  EXPECT_TRUE(names(validate_plan(plan, esketamine()), "dose_mg"));
  plan.dose_mg = 56;
  EXPECT_TRUE(validate_plan(plan, esketamine()).empty());
}

TEST(TreatmentPlan, TitrationStaysWithinTheProtocol) {
  TreatmentPlan plan = six_infusions();
  plan.titration = {"step_up_if_no_response", 0.1, 0.75};
  EXPECT_TRUE(validate_plan(plan, iv()).empty());
  plan.titration.max_mg_per_kg = 1.5;
  EXPECT_TRUE(names(validate_plan(plan, iv()), "titration/max_mg_per_kg"));
  plan.titration = {"step_up_if_no_response", 0, 0.75};
  EXPECT_TRUE(names(validate_plan(plan, iv()), "titration/step_mg_per_kg"));
  plan.titration = {"double_it", 0, 0};
  EXPECT_TRUE(names(validate_plan(plan, iv()), "titration/rule"));
}

TEST(TreatmentPlan, ScheduleAndMeasurementRules) {
  TreatmentPlan plan = six_infusions();
  plan.indication = "insomnia";
  plan.induction = {{6, 4}, {0, 1}};
  plan.measurements[1].when = "monthly";
  plan.futility_review_after = 0;
  const FieldErrors errors = validate_plan(plan, iv());
  EXPECT_TRUE(names(errors, "indication"));
  EXPECT_TRUE(names(errors, "induction/0/per_week"));
  EXPECT_TRUE(names(errors, "induction/1/sessions"));
  EXPECT_TRUE(names(errors, "measurements/1/when"));
  EXPECT_TRUE(names(errors, "futility_review_after"));
  plan = six_infusions();
  plan.induction = {{20, 3}, {5, 1}};
  EXPECT_TRUE(names(validate_plan(plan, iv()), "induction"));
}

}  // namespace
}  // namespace plasticity
