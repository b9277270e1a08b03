#include "pharmacology/population.h"

#include <gtest/gtest.h>

namespace plasticity::pk {
namespace {

PopulationRequest esketamine_56mg(std::size_t n, std::uint64_t seed, int threads) {
  PopulationRequest request;
  request.model = find_pk_model("perez_ruixo2021");
  Dose dose;
  dose.route = Route::intranasal;
  dose.devices = 2;
  request.doses = {dose};
  for (double t = 0; t <= 240; t += 2) request.times_min.push_back(t);
  request.threshold_ng_per_ml = 50;
  request.covariates = {75, 15, 40, 150, 18, 65};
  request.n = n;
  request.seed = seed;
  request.threads = threads;
  return request;
}

TEST(Population, SameSeedGivesTheSameNumbersOnAnyThreadCount) {
  const auto one = simulate_population(esketamine_56mg(300, 7, 1));
  for (int threads : {2, 3}) {
    const auto many = simulate_population(esketamine_56mg(300, 7, threads));
    EXPECT_EQ(many.plasma_ng_per_ml, one.plasma_ng_per_ml) << threads;
    EXPECT_EQ(many.cmax_ng_per_ml, one.cmax_ng_per_ml) << threads;
    EXPECT_EQ(many.auc_0_inf_ng_h_per_ml, one.auc_0_inf_ng_h_per_ml) << threads;
    EXPECT_EQ(many.time_above_threshold_min, one.time_above_threshold_min) << threads;
  }
  EXPECT_NE(simulate_population(esketamine_56mg(300, 8, 1)).cmax_ng_per_ml, one.cmax_ng_per_ml);
}

TEST(Population, PercentilesAreOrderedAndTheMedianPeakIsNearTheTypicalOne) {
  const auto result = simulate_population(esketamine_56mg(1000, 11, 2));
  for (const auto& band : result.plasma_ng_per_ml) {
    EXPECT_TRUE(std::is_sorted(band.begin(), band.end()));
  }
  EXPECT_TRUE(std::is_sorted(result.cmax_ng_per_ml.begin(), result.cmax_ng_per_ml.end()));
  // Typical 56 mg Cmax 72.5 ng/mL (Table 4); the population median sits near it, and IIV
  // spreads the 5th-95th percentiles well apart.
  EXPECT_NEAR(result.cmax_ng_per_ml[2], 72.5, 0.15 * 72.5);
  EXPECT_LT(result.cmax_ng_per_ml[0], 0.8 * result.cmax_ng_per_ml[2]);
  EXPECT_GT(result.cmax_ng_per_ml[4], 1.2 * result.cmax_ng_per_ml[2]);
}

TEST(Population, WithoutVariabilityEveryoneIsTheTypicalPatient) {
  PopulationRequest request;
  request.model = find_pk_model("kamp2020");
  request.doses = {{Route::iv_infusion, 35, 0, 40, 0, 5}};
  request.times_min = {10, 40, 90};
  request.covariates = {70, 0, 40, 150, 40, 40};
  request.n = 50;
  request.threads = 2;
  const auto population = simulate_population(request);
  const PkModel& model = *request.model;
  const PatientRegimen regimen = model.regimen(request.doses, Covariates{70, 40.0});
  const auto single =
      simulate({regimen.parameters, regimen.inputs, request.times_min, std::nullopt});
  for (std::size_t t = 0; t < request.times_min.size(); ++t) {
    const auto& band = population.plasma_ng_per_ml[t];
    EXPECT_EQ(band[0], band[4]);
    EXPECT_NEAR(band[2], single.plasma_ng_per_ml[t],
                population.relative_resolution * single.plasma_ng_per_ml[t]);
  }
  EXPECT_LT(population.relative_resolution, 0.003);
}

TEST(Population, PatientStreamsAreDistinct) {
  EXPECT_NE(patient_seed(1, 0), patient_seed(1, 1));
  EXPECT_NE(patient_seed(1, 0), patient_seed(2, 0));
  EXPECT_EQ(patient_seed(42, 9), patient_seed(42, 9));
}

}  // namespace
}  // namespace plasticity::pk
