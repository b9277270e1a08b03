// The Perez-Ruixo 2021 model against its own published typical-value predictions (Table 4,
// non-Asian subjects aged 18-60, as transcribed by nlmixr2lib): esketamine Cmax and AUC(0-24)
// within 2%, noresketamine Cmax within 5% (its AUC is known to be over-predicted; not tested).
#include "pharmacology/esketamine_model.h"

#include <gtest/gtest.h>

#include <cmath>

#include "pharmacology/simulation.h"

namespace plasticity::pk {
namespace {

SimulationResult nasal(int devices, double end_min = 24 * 60, double step = 0.1) {
  const PkModel& model = *find_pk_model("perez_ruixo2021");
  std::vector<double> times;
  for (double t = 0; t <= end_min + 1e-9; t += step) times.push_back(t);
  Dose dose;
  dose.route = Route::intranasal;
  dose.devices = devices;
  const PatientRegimen regimen = model.regimen({dose}, Covariates{70, 40.0});
  return simulate({regimen.parameters, regimen.inputs, times, std::nullopt});
}

struct Table4 {
  int devices;
  double esketamine_cmax;
  double esketamine_auc_0_24;
  double noresketamine_cmax;
};

class PerezRuixoTable4 : public ::testing::TestWithParam<Table4> {};

TEST_P(PerezRuixoTable4, EsketamineCmaxAndAucWithinTwoPercent) {
  const auto& row = GetParam();
  const auto result = nasal(row.devices, 6 * 60);
  EXPECT_NEAR(result.summary.cmax_ng_per_ml, row.esketamine_cmax, 0.02 * row.esketamine_cmax)
      << row.devices * 28 << " mg";
  const auto day = nasal(row.devices, 24 * 60, 1);
  EXPECT_NEAR(day.summary.auc_0_t_ng_h_per_ml, row.esketamine_auc_0_24,
              0.02 * row.esketamine_auc_0_24)
      << row.devices * 28 << " mg";
  // Tmax 20-40 min after the last spray (label).
  const double after_last = result.summary.tmax_min - 5 * (row.devices - 1);
  EXPECT_GE(after_last, 15);
  EXPECT_LE(after_last, 45);
}

TEST_P(PerezRuixoTable4, NoresketamineCmaxIsReproduced) {
  const auto& row = GetParam();
  const auto result = nasal(row.devices, 6 * 60);
  EXPECT_NEAR(*result.summary.metabolite_cmax_ng_per_ml, row.noresketamine_cmax,
              0.05 * row.noresketamine_cmax)
      << row.devices * 28 << " mg";
}

INSTANTIATE_TEST_SUITE_P(Published, PerezRuixoTable4,
                         ::testing::Values(Table4{1, 43.8, 147.3, 59.1},
                                           Table4{2, 72.5, 254.7, 119.7},
                                           Table4{3, 101.0, 362.2, 180.0}));

TEST(PerezRuixo, LaterDevicesAbsorbLessThroughTheNose) {
  EXPECT_DOUBLE_EQ(nasal_fraction(0), 0.54);
  EXPECT_DOUBLE_EQ(nasal_fraction(1), 0.54 * 0.62);
  EXPECT_DOUBLE_EQ(nasal_fraction(2), 0.54 * 0.62);
}

TEST(PerezRuixo, SystemicClearanceIsHepaticBloodFlowTimesExtraction) {
  // E = Vh(kel+kmet) / (Qh + Vh(kel+kmet)); CL = Qh·E (the paper reports CL 114 L/h).
  const PkParameters p = find_pk_model("perez_ruixo2021")->parameters(Covariates{70, 40.0});
  const double intrinsic = 101 * (1.11 + 2.77);
  const double expected_l_per_h = 151 * intrinsic / (151 + intrinsic);
  EXPECT_NEAR(p.clearance_l_per_min() * 60, expected_l_per_h, 1e-9 * expected_l_per_h);
  const PkParameters older = find_pk_model("perez_ruixo2021")->parameters(Covariates{70, 70.0});
  EXPECT_LT(older.clearance_l_per_min(), p.clearance_l_per_min());  // Qh falls after 60
}

TEST(Fanta2015, AllEliminatedSKetamineBecomesNorketamine) {
  // With fraction metabolised 1: AUC(norketamine)·CL(norketamine) = dose, as AUC(S-ket)·CL = dose.
  const PkModel& model = *find_pk_model("fanta2015");
  const PkParameters p = model.parameters(Covariates{70, std::nullopt});
  EXPECT_NEAR(p.clearance_l_per_min() * 60, 95.2, 1e-9);
  std::vector<double> times;
  for (double t = 0; t <= 20'000; t += 10) times.push_back(t);
  Dose dose;
  dose.route = Route::iv_infusion;
  dose.amount_mg = 20;
  dose.duration_min = 20;
  const auto result = simulate({p, model.regimen({dose}, {}).inputs, times, std::nullopt});
  double metabolite_auc_ng_min_ml = 0;  // trapezoid on a fine grid: a check, not the exact value
  for (std::size_t i = 1; i < times.size(); ++i) {
    metabolite_auc_ng_min_ml +=
        (result.metabolite_ng_per_ml[i] + result.metabolite_ng_per_ml[i - 1]) / 2 * 10;
  }
  EXPECT_NEAR(metabolite_auc_ng_min_ml / 1000 * 57.7 / 60, 20, 0.05);
  EXPECT_NEAR(result.summary.auc_0_inf_ng_h_per_ml, 20 / 95.2 * 1000, 1e-9 * 210);
}

}  // namespace
}  // namespace plasticity::pk
