#include "protocols/dose.h"

#include <gtest/gtest.h>

#include "interop/protocol_json.h"

namespace plasticity {
namespace {

const ProtocolCatalog& catalog() {
  static const ProtocolCatalog loaded = load_protocol_catalog({PLASTICITY_PROTOCOLS_DIR});
  return loaded;
}
const Protocol& iv() { return *catalog().find("iv_ketamine"); }
const Protocol& esketamine() { return *catalog().find("esketamine_nasal"); }

TEST(Dose, StandardIvDoseFromTodaysWeight) {
  // 0.5 mg/kg × 72.4 kg = 36.2 mg; at 1 mg/mL that is 36.2 mL, over 40 min = 54.3 mL/h.
  const auto result =
      calculate_dose(iv(), {.mg_per_kg = 0.5, .weight_kg = 72.4, .concentration_mg_per_ml = 1.0});
  ASSERT_TRUE(result.errors.empty());
  const auto& dose = *result.dose;
  EXPECT_DOUBLE_EQ(dose.prescribed_mg, 36.2);
  EXPECT_NEAR(dose.dose_mg, 36.2, 1e-9);
  EXPECT_NEAR(*dose.volume_ml, 36.2, 1e-9);
  EXPECT_EQ(dose.infusion_minutes, 40);
  EXPECT_NEAR(*dose.pump_rate_ml_per_h, 54.3, 1e-9);
  EXPECT_EQ(dose.weight_kg, 72.4);
  EXPECT_EQ(dose.notes.front(), "dose uses the weight measured for this session: 72.4 kg");
}

TEST(Dose, RoundingNeverExceedsThePrescribedDose) {
  // 0.5 × 81.3 = 40.65 mg; at 10 mg/mL that is 4.065 mL → 4.06 mL = 40.6 mg (never 4.07).
  const auto result =
      calculate_dose(iv(), {.mg_per_kg = 0.5, .weight_kg = 81.3, .concentration_mg_per_ml = 10.0});
  ASSERT_TRUE(result.errors.empty());
  EXPECT_NEAR(*result.dose->volume_ml, 4.06, 1e-9);
  EXPECT_NEAR(result.dose->dose_mg, 40.6, 1e-9);
  EXPECT_LE(result.dose->dose_mg, result.dose->prescribed_mg);
  // 4.06 mL over 40 min = 6.09 mL/h → 6.0 mL/h: the pump never runs faster than prescribed.
  EXPECT_NEAR(*result.dose->pump_rate_ml_per_h, 6.0, 1e-9);
  EXPECT_EQ(result.dose->notes.back(),
            "rounded down to 4.06 mL (40.6 mg) so the prescribed 40.65 mg is never exceeded");
}

TEST(Dose, AboveTheProtocolMaximumIsAHardStop) {
  const auto result = calculate_dose(
      iv(), {.mg_per_kg = 1.2, .weight_kg = 70, .concentration_mg_per_ml = 1, .reason = "x"});
  EXPECT_FALSE(result.dose.has_value());
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_EQ(result.errors[0].field, "dose_mg_per_kg");
  EXPECT_EQ(result.errors[0].rule, "above_protocol_maximum");
  // A dose in mg is judged per kg too: 85 mg for 70 kg = 1.214 mg/kg.
  const auto in_mg = calculate_dose(
      iv(), {.mg = 85, .weight_kg = 70, .concentration_mg_per_ml = 1, .reason = "x"});
  EXPECT_EQ(in_mg.errors.at(0).rule, "above_protocol_maximum");
  EXPECT_EQ(in_mg.errors.at(0).field, "dose_mg");
}

TEST(Dose, AnotherDoseOrDurationNeedsAReason) {
  auto result =
      calculate_dose(iv(), {.mg_per_kg = 0.75, .weight_kg = 70, .concentration_mg_per_ml = 1});
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_EQ(result.errors[0].field, "reason");
  result = calculate_dose(
      iv(),
      {.mg_per_kg = 0.5, .weight_kg = 70, .concentration_mg_per_ml = 1, .infusion_minutes = 60});
  EXPECT_EQ(result.errors.at(0).field, "reason");
  result = calculate_dose(iv(), {.mg_per_kg = 0.75,
                                 .weight_kg = 70,
                                 .concentration_mg_per_ml = 1,
                                 .infusion_minutes = 60,
                                 .reason = "partial response at 0.5"});
  ASSERT_TRUE(result.errors.empty());
  EXPECT_NEAR(result.dose->prescribed_mg, 52.5, 1e-9);
  EXPECT_NEAR(*result.dose->pump_rate_ml_per_h, 52.5, 1e-9);
}

TEST(Dose, WeightAndConcentrationAreRequiredWhereTheyMatter) {
  auto result = calculate_dose(iv(), {.mg_per_kg = 0.5, .concentration_mg_per_ml = 1});
  EXPECT_EQ(result.errors.at(0).field, "weight_kg");
  EXPECT_EQ(result.errors.at(0).rule, "required");
  result = calculate_dose(iv(), {.mg_per_kg = 0.5, .weight_kg = 7});
  EXPECT_EQ(result.errors.at(0).rule, "range");
  result = calculate_dose(iv(), {.mg_per_kg = 0.5, .weight_kg = 70});
  EXPECT_EQ(result.errors.at(0).field, "concentration_mg_per_ml");
}

TEST(Dose, ExactlyOneWayOfGivingTheDose) {
  auto result = calculate_dose(iv(), {.mg_per_kg = 0.5, .mg = 35, .weight_kg = 70});
  EXPECT_EQ(result.errors.at(0).rule, "exactly_one");
  result = calculate_dose(iv(), {.weight_kg = 70});
  EXPECT_EQ(result.errors.at(0).rule, "exactly_one");
  result = calculate_dose(iv(), {.mg_per_kg = -0.5, .weight_kg = 70});
  EXPECT_EQ(result.errors.at(0).rule, "positive");
}

TEST(Dose, EsketamineIsGivenInWholeDevicesFiveMinutesApart) {
  const auto result = calculate_dose(esketamine(), {.mg = 56});
  ASSERT_TRUE(result.errors.empty());
  EXPECT_EQ(result.dose->devices, 2);
  EXPECT_EQ(result.dose->device_interval_minutes, 5);
  EXPECT_DOUBLE_EQ(result.dose->dose_mg, 56);
  EXPECT_FALSE(result.dose->volume_ml.has_value());
}

TEST(Dose, Esketamine84OnlyAfterAPrior56) {
  auto result = calculate_dose(esketamine(), {.mg = 84});
  EXPECT_EQ(result.errors.at(0).rule, "escalation_needs_prior_dose");
  result = calculate_dose(esketamine(), {.mg = 84, .prior_doses_mg = {56}});
  ASSERT_TRUE(result.errors.empty());
  EXPECT_EQ(result.dose->devices, 3);
}

TEST(Dose, EsketamineRefusesOtherDosesAndWeightBasedDosing) {
  auto result = calculate_dose(esketamine(), {.mg = 70});
  EXPECT_EQ(result.errors.at(0).rule, "one_of");
  EXPECT_EQ(result.errors.at(0).message,
            "dose_mg must be 56 or 84 for Esketamine nasal spray (Spravato)");
  result = calculate_dose(esketamine(), {.mg_per_kg = 0.8, .weight_kg = 70});
  EXPECT_EQ(result.errors.at(0).rule, "not_weight_based");
}

}  // namespace
}  // namespace plasticity
