// Virtual populations: many patients drawn from covariate distributions (or a list of real
// patients) and the model's published inter-individual variability, each simulated exactly,
// summarised as percentile bands over time and distributions of Cmax, AUC and time above a
// threshold.
//
// Limits: at most kMaxPopulation patients and kMaxPopulationTimes output times (each time keeps
// a 30 kB histogram per series).
//
// Reproducible: patient i's random stream depends only on (seed, i), and the summaries are
// integer histograms filled by addition, so the same seed gives the same numbers on any thread
// count. Memory does not grow with N: one histogram per output time and series, shared by the
// threads, and one batch of patients' curves per thread.
//
//   PopulationRequest request{.model = find_pk_model("perez_ruixo2021"), .doses = {...}, ...};
//   PopulationResult result = simulate_population(request);   // result.plasma.p50[t]
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "pharmacology/simulation.h"

namespace plasticity::pk {

constexpr std::size_t kMaxPopulation = 10'000'000;
constexpr std::size_t kMaxPopulationTimes = 2'000;

struct CovariateDistribution {
  double weight_mean_kg = 75;
  double weight_sd_kg = 0;  // 0: everyone weighs the mean
  double weight_min_kg = 40;
  double weight_max_kg = 150;
  double age_min_years = 40;  // uniform between min and max
  double age_max_years = 40;
  Ethnicity ethnicity = Ethnicity::not_asian;  // everyone's
};

struct PopulationRequest {
  const PkModel* model = nullptr;
  std::vector<Dose> doses;
  std::vector<double> times_min;
  std::optional<double> ke0_per_min;
  std::optional<double> threshold_ng_per_ml;
  CovariateDistribution covariates;
  std::vector<Covariates> patients;  // when not empty: cycled through instead of the distribution
  std::size_t n = 1000;
  std::uint64_t seed = 1;
  int threads = 1;
  bool variability = true;  // false: typical values (covariates still vary)
};

// 5th, 25th, 50th, 75th and 95th percentiles.
using Percentiles = std::array<double, 5>;
constexpr std::array<double, 5> kPercentileLevels{0.05, 0.25, 0.50, 0.75, 0.95};

struct PopulationResult {
  std::vector<Percentiles> plasma_ng_per_ml;       // one per requested time
  std::vector<Percentiles> effect_site_ng_per_ml;  // empty without ke0
  Percentiles cmax_ng_per_ml{};
  Percentiles auc_0_inf_ng_h_per_ml{};
  std::optional<Percentiles> time_above_threshold_min;
  double relative_resolution = 0;  // percentiles are exact to within this fraction
};

PopulationResult simulate_population(const PopulationRequest& request);

// The stream for one patient: a SplitMix64 mix of (seed, index), so no two patients share one.
std::uint64_t patient_seed(std::uint64_t seed, std::uint64_t index);

// One patient's random numbers: SplitMix64 (Steele, Lea & Flood 2014, the generator Java's
// SplittableRandom uses; it passes BigCrush) started at patient_seed. Its state is one word, so a
// stream starts at once: std::mt19937_64 first fills and then regenerates 312 words, which cost
// more than all of a patient's draws.
class PatientStream {
 public:
  using result_type = std::uint64_t;
  explicit PatientStream(std::uint64_t seed) : state_(seed) {}
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return ~result_type{0}; }
  result_type operator()();

 private:
  std::uint64_t state_;
};

}  // namespace plasticity::pk
