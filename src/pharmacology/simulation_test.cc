// The engine against closed forms (1- and 2-compartment), and the invariants every linear model
// must keep: AUC(0-∞) = Dose/CL, Css = R/CL, conservation of mass, superposition.
#include "pharmacology/simulation.h"

#include <gtest/gtest.h>

#include <cmath>

namespace plasticity::pk {
namespace {

constexpr double kExact = 1e-9;  // relative

void expect_relative(double actual, double expected, double tolerance, const std::string& what) {
  EXPECT_LE(std::abs(actual - expected), tolerance * std::abs(expected))
      << what << ": " << actual << " vs " << expected;
}

std::vector<double> grid(double step, double end) {
  std::vector<double> times;
  for (double t = 0; t <= end + 1e-12; t += step) times.push_back(t);
  return times;
}

TEST(OneCompartment, BolusMatchesTheClosedForm) {
  const double v = 40, k = 0.05, dose = 35;
  const auto times = grid(2.5, 300);
  auto result = simulate({mammillary(v, k, {}), {{0, dose, 0, 0}}, times, std::nullopt});
  for (std::size_t i = 0; i < times.size(); ++i) {
    expect_relative(result.plasma_ng_per_ml[i], 1000 * dose / v * std::exp(-k * times[i]), kExact,
                    "t=" + std::to_string(times[i]));
  }
}

TEST(OneCompartment, InfusionMatchesTheClosedFormDuringAndAfter) {
  const double v = 40, k = 0.05, dose = 35, duration = 40, rate = dose / duration;
  const auto times = grid(1, 400);
  auto result = simulate({mammillary(v, k, {}), {{0, dose, 0, duration}}, times, std::nullopt});
  for (std::size_t i = 0; i < times.size(); ++i) {
    const double t = times[i];
    const double during = rate / (k * v) * (1 - std::exp(-k * std::min(t, duration)));
    const double expected =
        1000 * (t <= duration ? during : during * std::exp(-k * (t - duration)));
    if (t == 0) continue;
    expect_relative(result.plasma_ng_per_ml[i], expected, kExact, "t=" + std::to_string(t));
  }
  expect_relative(*result.summary.end_of_infusion_ng_per_ml,
                  1000 * rate / (k * v) * (1 - std::exp(-k * duration)), kExact, "end of infusion");
}

TEST(TwoCompartment, BolusMatchesTheBiexponential) {
  const double v1 = 20, k10 = 0.07, k12 = 0.12, k21 = 0.04, dose = 50;
  const double sum = k10 + k12 + k21, product = k10 * k21;
  const double alpha = (sum + std::sqrt(sum * sum - 4 * product)) / 2;
  const double beta = (sum - std::sqrt(sum * sum - 4 * product)) / 2;
  const double a = (alpha - k21) / (alpha - beta), b = (k21 - beta) / (alpha - beta);
  const auto times = grid(5, 1440);
  auto result =
      simulate({mammillary(v1, k10, {{k12, k21}}), {{0, dose, 0, 0}}, times, std::nullopt});
  for (std::size_t i = 0; i < times.size(); ++i) {
    const double t = times[i];
    expect_relative(result.plasma_ng_per_ml[i],
                    1000 * dose / v1 * (a * std::exp(-alpha * t) + b * std::exp(-beta * t)), kExact,
                    "t=" + std::to_string(t));
  }
}

TEST(EveryModel, AucToInfinityIsDoseOverClearance) {
  for (const auto& model : pk_models()) {
    const PkParameters p = model.parameters(Covariates{83, std::nullopt});
    const double dose = 0.5 * 83;
    auto result = simulate({p, {{0, dose, 0, 40}}, {0, 60, 120}, std::nullopt});
    // mg / (L/min) = mg·min/L; ×1000 → ng·min/mL; ÷60 → ng·h/mL.
    expect_relative(result.summary.auc_0_inf_ng_h_per_ml,
                    dose / p.clearance_l_per_min() * 1000 / 60, kExact, model.info.id);
  }
}

TEST(EveryModel, SteadyStateIsRateOverClearance) {
  for (const auto& model : pk_models()) {
    const PkParameters p = model.parameters(Covariates{70, std::nullopt});
    const double rate_mg_per_min = 0.5, duration = 200'000;  // long enough for the slowest model
    auto result =
        simulate({p, {{0, rate_mg_per_min * duration, 0, duration}}, {duration - 1}, std::nullopt});
    expect_relative(result.plasma_ng_per_ml[0], 1000 * rate_mg_per_min / p.clearance_l_per_min(),
                    1e-6, model.info.id);
  }
}

TEST(Regimens, OverlappingInfusionsAndBolusesSuperposeExactly) {
  const PkParameters p = find_pk_model("kamp2020")->parameters(Covariates{70, std::nullopt});
  const std::vector<Input> doses{{0, 35, 0, 40},
                                 {0, 5, 20, 0},  // during the infusion
                                 {0, 10, 30, 60},
                                 {0, 7, 90, 0}};
  const auto times = grid(0.5, 240);
  auto together = simulate({p, doses, times, 0.238});
  std::vector<double> plasma(times.size(), 0), effect(times.size(), 0);
  for (const auto& dose : doses) {
    auto alone = simulate({p, {dose}, times, 0.238});
    for (std::size_t i = 0; i < times.size(); ++i) {
      plasma[i] += alone.plasma_ng_per_ml[i];
      effect[i] += alone.effect_site_ng_per_ml[i];
    }
  }
  for (std::size_t i = 1; i < times.size(); ++i) {
    expect_relative(together.plasma_ng_per_ml[i], plasma[i], 1e-10, "plasma");
    expect_relative(together.effect_site_ng_per_ml[i], effect[i], 1e-10, "effect site");
  }
}

TEST(OutputGrid, RunsAreTheTimesThatKeepOneStep) {
  const std::vector<double> times{0, 1, 2, 3, 5, 7, 9, 9.5, 10};
  const OutputGrid grid(times);
  EXPECT_EQ(grid.run_length(1, times.size(), 1), 3u);  // 1, 2, 3 (then a step of 2)
  EXPECT_EQ(grid.run_length(1, 3, 1), 2u);             // cut at `end`
  EXPECT_EQ(grid.run_length(4, times.size(), 2), 3u);  // 5, 7, 9
  EXPECT_EQ(grid.run_length(3, times.size(), 1), 1u);  // 3 alone: the next is 2 on
  EXPECT_EQ(grid.run_length(7, times.size(), 0.5), 2u);
  EXPECT_EQ(grid.run_length(8, times.size(), 0.5), 1u);  // the last time
}

TEST(Regimens, AReusedResultEqualsAFreshOne) {
  // A population simulates patient after patient into the same results: nothing of the one before
  // may stay (here a model with a metabolite and an effect site, then one with neither).
  const auto times = grid(1, 120);
  const OutputGrid shared(times);
  const auto& esketamine = *find_pk_model("perez_ruixo2021");
  Dose spray;
  spray.route = Route::intranasal;
  spray.devices = 2;
  const auto regimen = esketamine.regimen({spray}, Covariates{70, 45.0});
  SimulationResult reused;
  simulate({regimen.parameters, regimen.inputs, times, 0.238}, shared, reused);
  const SimulationRequest racemic{find_pk_model("kamp2020")->parameters(Covariates{70, 45.0}),
                                  {{0, 35, 0, 40}},
                                  times,
                                  std::nullopt};
  simulate(racemic, shared, reused);
  const SimulationResult fresh = simulate(racemic);
  EXPECT_EQ(reused.plasma_ng_per_ml, fresh.plasma_ng_per_ml);
  EXPECT_TRUE(reused.effect_site_ng_per_ml.empty());
  EXPECT_TRUE(reused.metabolite_ng_per_ml.empty());
  EXPECT_FALSE(reused.summary.metabolite_cmax_ng_per_ml.has_value());
  EXPECT_EQ(reused.summary.cmax_ng_per_ml, fresh.summary.cmax_ng_per_ml);
  EXPECT_EQ(reused.summary.tmax_min, fresh.summary.tmax_min);
  EXPECT_EQ(reused.summary.auc_0_t_ng_h_per_ml, fresh.summary.auc_0_t_ng_h_per_ml);
  EXPECT_EQ(reused.amounts_mg_at_last_time, fresh.amounts_mg_at_last_time);
}

TEST(Regimens, AGridReadInBlocksMatchesEachTimeReadAlone) {
  // Even grids are read 16 times at a time from one state; a time asked for alone is reached in
  // one exact step. Events off the grid (an infusion ending at 40.5 min, a bolus at 97.25 min)
  // split runs; the grid does not divide into whole blocks. Both ways must agree to rounding.
  const auto& model = *find_pk_model("perez_ruixo2021");
  const PkParameters p = model.parameters(Covariates{70, 45.0});
  std::vector<Input> doses{{0, 35, 0, 40.5}, {0, 5, 97.25, 0}};
  Dose spray;
  spray.route = Route::intranasal;
  spray.devices = 2;
  spray.start_min = 60;
  for (const auto& input : model.regimen({spray}, Covariates{70, 45.0}).inputs) {
    doses.push_back(input);
  }
  const auto times = grid(1, 603);
  const auto blocked = simulate({p, doses, times, 0.238});
  for (std::size_t i : {0, 1, 15, 16, 17, 40, 41, 60, 97, 98, 500, 603}) {
    const auto alone = simulate({p, doses, {times[i]}, 0.238});
    const std::string at = "t=" + std::to_string(times[i]);
    expect_relative(blocked.plasma_ng_per_ml[i], alone.plasma_ng_per_ml[0], 1e-12, at);
    expect_relative(blocked.effect_site_ng_per_ml[i], alone.effect_site_ng_per_ml[0], 1e-12, at);
    expect_relative(blocked.metabolite_ng_per_ml[i], alone.metabolite_ng_per_ml[0], 1e-12, at);
  }
}

TEST(Regimens, MassIsConserved) {
  // Amount in the body + amount eliminated (CL·∫Cp) = amount given, at every time.
  const PkParameters p = find_pk_model("domino1984")->parameters(Covariates{70, std::nullopt});
  const double dose = 35;
  for (double t : {10.0, 40.0, 41.0, 300.0, 100'000.0}) {
    auto result = simulate({p, {{0, dose, 0, 40}, {0, 5, 20, 0}}, {t}, std::nullopt});
    double in_body = 0;
    for (double amount : result.amounts_mg_at_last_time) in_body += amount;
    const double eliminated =
        p.clearance_l_per_min() * result.summary.auc_0_t_ng_h_per_ml * 60 / 1000;
    const double given = dose * std::min(t, 40.0) / 40 + (t >= 20 ? 5 : 0);
    expect_relative(in_body + eliminated, given, kExact, "t=" + std::to_string(t));
  }
}

TEST(EffectSite, LagsPlasmaAndMeetsItAtItsPeak) {
  const PkParameters p = find_pk_model("kamp2020")->parameters(Covariates{70, std::nullopt});
  std::vector<double> times = grid(0.5, 40);
  for (double t = 40.001; t <= 60; t += 0.001) times.push_back(t);  // fine around the peak
  auto result = simulate({p, {{0, 35, 0, 40}}, times, 0.238});
  std::size_t peak = 0;
  for (std::size_t i = 1; i < times.size(); ++i) {
    if (times[i] <= 40) {
      EXPECT_LT(result.effect_site_ng_per_ml[i], result.plasma_ng_per_ml[i]) << "lags while rising";
    }
    if (result.effect_site_ng_per_ml[i] > result.effect_site_ng_per_ml[peak]) peak = i;
  }
  // dCe/dt = ke0·(Cp − Ce) = 0 at the effect-site peak: Ce = Cp there (to the 0.001-min grid).
  expect_relative(result.effect_site_ng_per_ml[peak], result.plasma_ng_per_ml[peak], 1e-4,
                  "Ce = Cp at the peak");
  EXPECT_GT(times[peak], 40);
}

TEST(Summaries, TimeAboveAThresholdInterpolatesCrossings) {
  EXPECT_DOUBLE_EQ(time_above({0, 10, 20, 30}, {0, 200, 200, 0}, 100), 5 + 10 + 5);
  EXPECT_DOUBLE_EQ(time_above({0, 10}, {50, 60}, 100), 0);
  // One-compartment bolus: C = C0·e^{−kt} stays above C0/2 for ln2/k, matched to the grid.
  const double k = 0.05;
  std::vector<double> times;
  for (double t = 0; t <= 100; t += 0.01) times.push_back(t);
  auto result = simulate({mammillary(10, k, {}), {{0, 10, 0, 0}}, times, std::nullopt});
  EXPECT_NEAR(time_above(times, result.plasma_ng_per_ml, 500), std::log(2) / k, 1e-4);
}

TEST(Summaries, DoseScaleForAPeakIsExactByLinearity) {
  const PkParameters p = find_pk_model("kamp2020")->parameters(Covariates{70, std::nullopt});
  const auto times = grid(0.5, 120);
  auto first = simulate({p, {{0, 35, 0, 40}}, times, std::nullopt});
  const double scale = dose_scale_for_peak(first.summary, 150);
  auto scaled = simulate({p, {{0, 35 * scale, 0, 40}}, times, std::nullopt});
  expect_relative(scaled.summary.cmax_ng_per_ml, 150, kExact, "scaled peak");
}

}  // namespace
}  // namespace plasticity::pk
