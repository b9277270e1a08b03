// Routes outside a vein and ethnicity factors: each checked against what defines it — the
// bioavailability (AUC(0-∞) = F·Dose/CL exactly), the Tmax its absorption rate was fitted to,
// the first pass through the liver, and Perez-Ruixo 2021 Table 3's multiplicative factors.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "pharmacology/simulation.h"

namespace plasticity::pk {
namespace {

Dose given(Route route, double amount_mg) {
  Dose dose;
  dose.route = route;
  dose.amount_mg = amount_mg;
  return dose;
}

SimulationResult run(const PkModel& model, const Dose& dose, const Covariates& covariates,
                     std::vector<double> times) {
  PatientRegimen regimen = model.regimen({dose}, covariates);
  return simulate({regimen.parameters, regimen.inputs, std::move(times), std::nullopt});
}

double auc_for_bioavailability(double f, double dose_mg, const PkParameters& p) {
  return f * dose_mg / p.clearance_l_per_min() * 1000 / 60;  // ng·h/mL
}

Eigen::Index compartment(const PkParameters& p, const std::string& name) {
  return std::find(p.compartments.begin(), p.compartments.end(), name) - p.compartments.begin();
}

// Elimination out of a compartment: what leaves it and enters no other (minus its column sum).
double elimination_per_min(const PkParameters& p, const std::string& name) {
  return -p.rates_per_min.col(compartment(p, name)).sum();
}

TEST(RacemicRoutes, EachRouteDeliversItsBioavailability) {
  const std::pair<Route, double> routes[] = {
      {Route::intramuscular, 0.93}, {Route::sublingual, 0.29}, {Route::oral, 0.20}};
  for (const char* id : {"kamp2020", "domino1984", "clements1981", "hijazi2003"}) {
    const PkModel& model = *find_pk_model(id);
    const PkParameters iv = model.parameters(Covariates{80, std::nullopt});
    for (const auto& [route, f] : routes) {
      const auto result = run(model, given(route, 40), Covariates{80, std::nullopt}, {0, 60});
      const double expected = auc_for_bioavailability(f, 40, iv);
      EXPECT_NEAR(result.summary.auc_0_inf_ng_h_per_ml, expected, 1e-9 * expected)
          << id << " " << to_string(route);
    }
  }
}

TEST(RacemicRoutes, AbsorptionPeaksWhenItsSourceSays) {
  // kamp2020's typical 70 kg patient: IM at 10 min (5-15 min quoted), sublingual at Rolan's
  // median 0.75 h, oral near Chong's 0.96 h — the times each assumed ka was fitted to.
  std::vector<double> times;
  for (double t = 0; t <= 180; t += 0.5) times.push_back(t);
  const PkModel& kamp = *find_pk_model("kamp2020");
  const Covariates typical{70, std::nullopt};
  EXPECT_NEAR(run(kamp, given(Route::intramuscular, 35), typical, times).summary.tmax_min, 10, 1);
  EXPECT_NEAR(run(kamp, given(Route::sublingual, 35), typical, times).summary.tmax_min, 45, 1);
  EXPECT_NEAR(run(kamp, given(Route::oral, 35), typical, times).summary.tmax_min, 58, 3);
}

TEST(PerezRuixoOral, TheLiverTakesItsShareBeforeTheCirculation) {
  // F(oral) = Fgut·(1 − E), E = Vh(kel+kmet) / (Qh + Vh(kel+kmet)) (the paper's formula).
  const PkModel& model = *find_pk_model("perez_ruixo2021");
  const Covariates adult{70, 40.0};
  const double intrinsic = 101 * (1.11 + 2.77), extraction = intrinsic / (151 + intrinsic);
  const auto result = run(model, given(Route::oral, 84), adult, {0, 30, 60, 120});
  const double expected =
      auc_for_bioavailability(0.64 * (1 - extraction), 84, model.parameters(adult));
  EXPECT_NEAR(result.summary.auc_0_inf_ng_h_per_ml, expected, 1e-9 * expected);
  // The first pass makes noresketamine: more of it than esketamine by the first hour.
  EXPECT_GT(result.metabolite_ng_per_ml[2], result.plasma_ng_per_ml[2]);
}

TEST(PerezRuixoEthnicity, AsianPatientsEliminateMoreSlowly) {
  const PkModel& model = *find_pk_model("perez_ruixo2021");
  const PkParameters reference = model.parameters(Covariates{70, 40.0});
  for (Ethnicity e : {Ethnicity::asian, Ethnicity::japanese}) {
    const PkParameters p = model.parameters(Covariates{70, 40.0, e});
    EXPECT_NEAR(elimination_per_min(p, "liver") / elimination_per_min(reference, "liver"), 0.36,
                1e-12);  // kel ×0.36
    EXPECT_NEAR(elimination_per_min(p, "noresketamine_central") /
                    elimination_per_min(reference, "noresketamine_central"),
                0.81, 1e-12);  // CLn/F ×0.81
  }
}

TEST(PerezRuixoEthnicity, JapanesePatientsAbsorbMoreThroughTheNose) {
  const PkModel& model = *find_pk_model("perez_ruixo2021");
  Dose spray;
  spray.route = Route::intranasal;
  spray.devices = 2;
  const auto nasal_mg = [&](Ethnicity e) {
    std::vector<double> amounts;
    const auto regimen = model.regimen({spray}, Covariates{70, 40.0, e});
    for (const auto& input : regimen.inputs) {
      if (regimen.parameters.compartments[static_cast<std::size_t>(input.compartment)] ==
          "nasal_depot") {
        amounts.push_back(input.amount_mg);
      }
    }
    return amounts;
  };
  const auto japanese = nasal_mg(Ethnicity::japanese);
  const auto asian = nasal_mg(Ethnicity::asian);
  ASSERT_EQ(japanese.size(), 2u);
  EXPECT_NEAR(japanese[0], 28 * 0.54 * 1.34, 1e-12);
  EXPECT_NEAR(japanese[1], 28 * 0.54 * 0.62 * 1.34, 1e-12);
  EXPECT_NEAR(asian[0], 28 * 0.54, 1e-12);  // FRn is the Japanese factor only
  // A patient whose nose takes nearly all of a device (large η) stays at the whole device.
  Etas high;
  high.set("FRn", 5);
  PatientRegimen regimen{model.individual(Covariates{70, 40.0, Ethnicity::japanese}, high), {}};
  const auto inputs =
      model.inputs(spray, Covariates{70, 40.0, Ethnicity::japanese}, high, regimen.parameters);
  EXPECT_DOUBLE_EQ(inputs[0].amount_mg, 28);
  EXPECT_DOUBLE_EQ(inputs[1].amount_mg, 0);  // nothing swallowed
}

TEST(Fanta2015Oral, EightPercentReachesTheCirculationAndTheRestBecomesNorketamine) {
  const PkModel& model = *find_pk_model("fanta2015");
  const Covariates adult{70, std::nullopt};
  const auto result = run(model, given(Route::oral, 100), adult, {0, 60});
  const double expected = auc_for_bioavailability(0.08, 100, model.parameters(adult));
  EXPECT_NEAR(result.summary.auc_0_inf_ng_h_per_ml, expected, 1e-9 * expected);
  EXPECT_GT(result.metabolite_ng_per_ml[1], 10 * result.plasma_ng_per_ml[1]);
}

}  // namespace
}  // namespace plasticity::pk
