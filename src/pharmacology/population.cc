#include "pharmacology/population.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <thread>

namespace plasticity::pk {
namespace {

// Log-spaced bins from 1e-3 to 1e6 (ng/mL, ng·h/mL or minutes): 0.52% wide, so a percentile read
// at a bin's geometric centre is within 0.26% of the value; anything below the floor (zero) goes
// to bin 0.
constexpr double kFloor = 1e-3, kCeiling = 1e6;
constexpr int kBins = 4000;
const double kLogStep = std::log(kCeiling / kFloor) / kBins;

class Histogram {
 public:
  Histogram() : counts_(kBins + 1, 0) {}  // 16 kB: one per output time and series per thread
  void add(double value) { ++counts_[bin(value)]; }
  void merge(const Histogram& other) {
    for (std::size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
  }
  Percentiles percentiles(std::uint64_t total) const {
    // counts_ are 32-bit: populations are capped far below 4 billion (kMaxPopulation).
    Percentiles result{};
    for (std::size_t level = 0; level < kPercentileLevels.size(); ++level) {
      // Nearest rank: the smallest value with at least q·N values at or below it.
      const auto rank = static_cast<std::uint64_t>(std::ceil(kPercentileLevels[level] * total));
      std::uint64_t seen = 0;  // summed in 64 bits
      for (std::size_t i = 0; i < counts_.size(); ++i) {
        seen += counts_[i];
        if (seen >= std::max<std::uint64_t>(rank, 1)) {
          result[level] = centre(i);
          break;
        }
      }
    }
    return result;
  }

 private:
  static std::size_t bin(double value) {
    if (!(value > kFloor)) return 0;
    const auto i = static_cast<std::size_t>(std::log(value / kFloor) / kLogStep) + 1;
    return std::min<std::size_t>(i, kBins);
  }
  static double centre(std::size_t i) {
    return i == 0 ? 0 : kFloor * std::exp((static_cast<double>(i) - 0.5) * kLogStep);
  }
  std::vector<std::uint32_t> counts_;
};

struct Tally {
  std::vector<Histogram> plasma, effect_site;
  Histogram cmax, auc, time_above;
};

Covariates draw_covariates(const PopulationRequest& request, std::size_t index,
                           std::mt19937_64& rng) {
  if (!request.patients.empty()) return request.patients[index % request.patients.size()];
  const auto& d = request.covariates;
  Covariates c;
  c.weight_kg = d.weight_mean_kg;
  if (d.weight_sd_kg > 0) {
    std::normal_distribution<double> weight(d.weight_mean_kg, d.weight_sd_kg);
    do {  // truncated by redrawing: keeps the shape inside the limits
      c.weight_kg = weight(rng);
    } while (c.weight_kg < d.weight_min_kg || c.weight_kg > d.weight_max_kg);
  }
  c.age_years = d.age_max_years > d.age_min_years
                    ? std::uniform_real_distribution<double>(d.age_min_years, d.age_max_years)(rng)
                    : d.age_min_years;
  return c;
}

Etas draw_etas(const std::vector<VariabilityBlock>& blocks,
               const std::vector<Eigen::MatrixXd>& cholesky, std::mt19937_64& rng) {
  Etas etas;
  std::normal_distribution<double> standard(0, 1);
  for (std::size_t b = 0; b < blocks.size(); ++b) {
    Eigen::VectorXd z(static_cast<Eigen::Index>(blocks[b].parameters.size()));
    for (Eigen::Index i = 0; i < z.size(); ++i) z(i) = standard(rng);
    const Eigen::VectorXd eta = cholesky[b] * z;
    for (Eigen::Index i = 0; i < z.size(); ++i)
      etas.set(blocks[b].parameters[static_cast<std::size_t>(i)], eta(i));
  }
  return etas;
}

void simulate_patient(const PopulationRequest& request,
                      const std::vector<Eigen::MatrixXd>& cholesky, std::size_t index,
                      Tally& tally) {
  std::mt19937_64 rng(patient_seed(request.seed, index));
  const Covariates covariates = draw_covariates(request, index, rng);
  const Etas etas =
      request.variability ? draw_etas(request.model->variability, cholesky, rng) : Etas{};
  SimulationRequest one{
      request.model->individual(covariates, etas), {}, request.times_min, request.ke0_per_min};
  for (Dose dose : request.doses) {
    if (dose.mg_per_kg > 0) dose.amount_mg = dose.mg_per_kg * covariates.weight_kg;
    for (const auto& input : request.model->inputs(dose, etas)) one.inputs.push_back(input);
  }
  const SimulationResult result = simulate(one);
  for (std::size_t t = 0; t < request.times_min.size(); ++t) {
    tally.plasma[t].add(result.plasma_ng_per_ml[t]);
    if (request.ke0_per_min) tally.effect_site[t].add(result.effect_site_ng_per_ml[t]);
  }
  tally.cmax.add(result.summary.cmax_ng_per_ml);
  tally.auc.add(result.summary.auc_0_inf_ng_h_per_ml);
  if (request.threshold_ng_per_ml) {
    tally.time_above.add(
        time_above(request.times_min, result.plasma_ng_per_ml, *request.threshold_ng_per_ml));
  }
}

}  // namespace

std::uint64_t patient_seed(std::uint64_t seed, std::uint64_t index) {
  std::uint64_t z = seed + 0x9E3779B97F4A7C15ULL * (index + 1);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

PopulationResult simulate_population(const PopulationRequest& request) {
  std::vector<Eigen::MatrixXd> cholesky;
  for (const auto& block : request.model->variability)
    cholesky.push_back(block.covariance.llt().matrixL());
  const auto times = request.times_min.size();
  const int threads = std::max(1, std::min<int>(request.threads, static_cast<int>(request.n)));
  std::vector<Tally> tallies(static_cast<std::size_t>(threads));
  for (auto& tally : tallies) {
    tally.plasma.resize(times);
    if (request.ke0_per_min) tally.effect_site.resize(times);
  }
  std::vector<std::thread> workers;
  for (int w = 0; w < threads; ++w) {
    workers.emplace_back([&, w] {
      const std::size_t begin =
          request.n * static_cast<std::size_t>(w) / static_cast<std::size_t>(threads);
      const std::size_t end =
          request.n * static_cast<std::size_t>(w + 1) / static_cast<std::size_t>(threads);
      for (std::size_t i = begin; i < end; ++i)
        simulate_patient(request, cholesky, i, tallies[static_cast<std::size_t>(w)]);
    });
  }
  for (auto& worker : workers) worker.join();
  Tally& total = tallies.front();
  for (std::size_t w = 1; w < tallies.size(); ++w) {
    for (std::size_t t = 0; t < times; ++t) {
      total.plasma[t].merge(tallies[w].plasma[t]);
      if (request.ke0_per_min) total.effect_site[t].merge(tallies[w].effect_site[t]);
    }
    total.cmax.merge(tallies[w].cmax);
    total.auc.merge(tallies[w].auc);
    total.time_above.merge(tallies[w].time_above);
  }
  PopulationResult result;
  for (std::size_t t = 0; t < times; ++t) {
    result.plasma_ng_per_ml.push_back(total.plasma[t].percentiles(request.n));
    if (request.ke0_per_min)
      result.effect_site_ng_per_ml.push_back(total.effect_site[t].percentiles(request.n));
  }
  result.cmax_ng_per_ml = total.cmax.percentiles(request.n);
  result.auc_0_inf_ng_h_per_ml = total.auc.percentiles(request.n);
  if (request.threshold_ng_per_ml)
    result.time_above_threshold_min = total.time_above.percentiles(request.n);
  result.relative_resolution = std::exp(kLogStep / 2) - 1;
  return result;
}

}  // namespace plasticity::pk
