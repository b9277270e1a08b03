// Single-patient simulation speed (issue 3, benchmark 3): a 6-infusion induction course over 21
// days at 1-minute resolution, and one 0.5 mg/kg/40-min infusion over 24 h with an effect site.
// Baseline for the ratio: one 24-h profile. Debian's benchmark library is a debug build: trust
// the ratio and the order of magnitude, not the last digit.
#include <benchmark/benchmark.h>

#include "pharmacology/population.h"

namespace {

using namespace plasticity::pk;

std::vector<double> minute_grid(double end) {
  std::vector<double> times;
  for (double t = 0; t <= end; t += 1) times.push_back(t);
  return times;
}

SimulationRequest one_infusion() {
  return {find_pk_model("kamp2020")->parameters(Covariates{70, std::nullopt}),
          {{0, 35, 0, 40}},
          minute_grid(24 * 60),
          0.238};  // 0.5 mg/kg over 40 min
}

SimulationRequest induction_course() {
  SimulationRequest request = one_infusion();
  request.inputs.clear();
  // Monday/Wednesday/Friday for two weeks: days 0, 2, 4, 7, 9, 11.
  for (int day : {0, 2, 4, 7, 9, 11}) request.inputs.push_back({0, 35, day * 1440.0, 40});
  request.times_min = minute_grid(21 * 1440);
  return request;
}

void BM_OneInfusion24h(benchmark::State& state) {
  const auto request = one_infusion();
  for (auto _ : state) benchmark::DoNotOptimize(simulate(request));
  state.counters["values/s"] =
      benchmark::Counter(static_cast<double>(state.iterations() * request.times_min.size() * 2),
                         benchmark::Counter::kIsRate);
}
BENCHMARK(BM_OneInfusion24h)->Unit(benchmark::kMicrosecond);

void BM_InductionCourse21Days(benchmark::State& state) {
  const auto request = induction_course();
  for (auto _ : state) benchmark::DoNotOptimize(simulate(request));
  state.counters["values/s"] =
      benchmark::Counter(static_cast<double>(state.iterations() * request.times_min.size() * 2),
                         benchmark::Counter::kIsRate);
}
BENCHMARK(BM_InductionCourse21Days)->Unit(benchmark::kMicrosecond);

// Issue 3, benchmark 1 (scaled down so it runs in seconds): kamp2020 with an effect site, one
// 0.5 mg/kg 40-min infusion, plasma and effect site every minute for 24 h, weights drawn from a
// distribution, summaries and percentile bands only. profiles/s × 100,000 gives the full run.
void BM_Population(benchmark::State& state) {
  PopulationRequest request;
  request.model = find_pk_model("kamp2020");
  Dose dose{Route::iv_infusion, 0, 0, 40, 0, 5, 0.5};
  request.doses = {dose};
  request.times_min = minute_grid(24 * 60);
  request.ke0_per_min = 0.238;
  request.covariates = {75, 15, 45, 140, 18, 65};
  request.n = 100'000;
  request.threads = static_cast<int>(state.range(0));
  for (auto _ : state) benchmark::DoNotOptimize(simulate_population(request));
  state.counters["profiles/s"] = benchmark::Counter(
      static_cast<double>(state.iterations() * request.n), benchmark::Counter::kIsRate);
  state.counters["values/s"] = benchmark::Counter(
      static_cast<double>(state.iterations() * request.n * request.times_min.size() * 2),
      benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Population)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
