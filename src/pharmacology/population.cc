#include "pharmacology/population.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <new>
#include <numeric>
#include <random>
#include <span>
#include <thread>

namespace plasticity::pk {
namespace {

// Bins read straight from a double's bits: its exponent and the top kMantissaBits of its
// mantissa, so binning costs a shift, not a logarithm. 256 bins per doubling from 2⁻¹⁰
// (≈ 0.001) to 2²⁰ (≈ 1,000,000) ng/mL, ng·h/mL or minutes; a bin is at most 2⁻⁸ of its lower
// edge wide, so a percentile read at its middle is within 2⁻⁹ (0.2%) of the value. Anything
// below the floor (zero) goes to bin 0, anything above the ceiling to the last.
constexpr int kMantissaBits = 8;
constexpr int kFloorExponent = -10, kCeilingExponent = 20;
constexpr std::size_t kBins = std::size_t{1} << kMantissaBits;  // per doubling
constexpr std::size_t kBinCount = (kCeilingExponent - kFloorExponent) * kBins + 1;
constexpr std::uint64_t kFloorKey = std::bit_cast<std::uint64_t>(0x1p-10) >> (52 - kMantissaBits);
constexpr double kRelativeResolution = 1.0 / (2 * kBins);

// `count` histograms (one per output time of a series) in one block of counts. The block comes
// from calloc: the system hands out large zeroed blocks as untouched pages, so only the pages near
// the values ever cost anything (about 2 of a histogram's 8 pages), not the 90 MB of a 1,441-time
// population with an effect site.
class Histograms {
 public:
  explicit Histograms(std::size_t count)
      : counts_(static_cast<std::uint32_t*>(
            std::calloc(std::max<std::size_t>(count, 1) * kBinCount, sizeof(std::uint32_t)))) {
    if (!counts_) throw std::bad_alloc();
  }
  void add(std::size_t histogram, double value) { ++counts_[histogram * kBinCount + bin(value)]; }
  // Nearest rank: for each level q the smallest value with at least q·N values at or below it.
  Percentiles percentiles(std::size_t histogram, std::uint64_t total) const {
    // counts_ are 32-bit: populations are capped far below 4 billion (kMaxPopulation).
    std::array<std::uint64_t, kPercentileLevels.size()> ranks{};
    for (std::size_t level = 0; level < ranks.size(); ++level) {
      const auto r = static_cast<std::uint64_t>(std::ceil(kPercentileLevels[level] * total));
      ranks[level] = std::max<std::uint64_t>(r, 1);
    }
    Percentiles result{};
    std::size_t level = 0;
    std::uint64_t seen = 0;  // summed in 64 bits
    const std::uint32_t* counts = counts_.get() + histogram * kBinCount;
    for (std::size_t i = 0; i < kBinCount; ++i) {
      // Most bins are empty: a run of them that cannot reach the next rank is passed at once.
      if (i + kSkip <= kBinCount) {
        const std::uint64_t run = std::accumulate(counts + i, counts + i + kSkip, std::uint64_t{0});
        if (seen + run < ranks[level]) {
          seen += run;
          i += kSkip - 1;
          continue;
        }
      }
      seen += counts[i];
      while (seen >= ranks[level]) {
        result[level] = centre(i);
        if (++level == ranks.size()) return result;
      }
    }
    return result;  // fewer values than asked for (an empty population): zeros
  }

 private:
  // Read from the bits: the key of the exponent and top mantissa bits, less the floor's. Every
  // value out of range lands past the last bin (below the floor the subtraction wraps around; a
  // negative value or a NaN has a key beyond the ceiling's) and is sorted out on the rare path,
  // so the common one has no clamp.
  static std::size_t bin(double value) {
    const std::size_t index =
        (std::bit_cast<std::uint64_t>(value) >> (52 - kMantissaBits)) - (kFloorKey - 1);
    if (index < kBinCount) [[likely]]
      return index;
    return value > 1 ? kBinCount - 1 : 0;  // a NaN compares false: bin 0
  }
  // The middle of bin i: its doubling (exponent) and its step within it (mantissa).
  static double centre(std::size_t i) {
    if (i == 0) return 0;
    const std::size_t k = i - 1;
    return std::ldexp(1.0 + (static_cast<double>(k % kBins) + 0.5) / kBins,
                      kFloorExponent + static_cast<int>(k / kBins));
  }
  static constexpr std::size_t kSkip = 16;
  struct Free {
    void operator()(std::uint32_t* p) const { std::free(p); }
  };
  std::unique_ptr<std::uint32_t[], Free> counts_;
};

// One tally for the whole population, shared by the threads. Each thread adds a batch of patients
// at a time, a tile of output times at a time under that tile's lock, so each histogram line is
// fetched once a batch, not once a patient (per patient, that had cost as much as a third of the
// simulation). Memory is the histograms and one batch of curves per thread, whatever N.
constexpr std::size_t kTile = 64;  // output times added together

struct Tally {
  explicit Tally(std::size_t times, bool effect_site)
      : plasma(times), effect_site(effect_site ? times : 0), locks((times + kTile - 1) / kTile) {}
  Histograms plasma, effect_site;  // one per output time
  std::vector<std::mutex> locks;   // one per tile of output times
  Histograms cmax{1}, auc{1}, time_above{1};
  std::mutex summary_lock;
};

// Patients a thread simulates before adding them in: up to 128 (64 and 256 measured slower at
// 1,441 times), within 16 MB of curves per thread for long grids, so even 256 threads stay within
// 4 GB.
std::size_t batch_size(const PopulationRequest& request) {
  constexpr std::size_t kMaxBatch = 128, kMinBatch = 16, kBudgetBytes = 16 << 20;
  const std::size_t series = 3;  // plasma, effect site, metabolite: the most a result holds
  const std::size_t per_patient = series * std::max<std::size_t>(1, request.times_min.size()) * 8;
  return std::clamp(kBudgetBytes / per_patient, kMinBatch, kMaxBatch);
}

Covariates draw_covariates(const PopulationRequest& request, std::size_t index,
                           PatientStream& rng) {
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
  c.ethnicity = d.ethnicity;
  return c;
}

Etas draw_etas(const std::vector<VariabilityBlock>& blocks,
               const std::vector<Eigen::MatrixXd>& cholesky, PatientStream& rng) {
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

// Draws patient `index` and puts their parameters and doses into `patient` (whose times and effect
// site are the population's, set once).
void draw_patient(const PopulationRequest& request, const std::vector<Eigen::MatrixXd>& cholesky,
                  std::size_t index, SimulationRequest& patient) {
  PatientStream rng(patient_seed(request.seed, index));
  const Covariates covariates = draw_covariates(request, index, rng);
  const Etas etas =
      request.variability ? draw_etas(request.model->variability, cholesky, rng) : Etas{};
  PatientRegimen regimen = request.model->regimen(request.doses, covariates, etas);
  patient.parameters = std::move(regimen.parameters);
  patient.inputs = std::move(regimen.inputs);
}

// One series of a batch: each patient's curve, and the histograms it goes to.
struct BatchSeries {
  std::vector<const double*> curves;
  Histograms* histograms;
};

// Adds the batch's curves to one tile of output times; the caller holds the tile's lock. Time by
// time, patient by patient: a histogram takes the batch's adds in one run while its few lines are
// in L1 (patient by patient, each add had waited on a line from L2: 18% more cycles in all).
void add_tile(std::span<const BatchSeries> series, std::size_t times, std::size_t tile) {
  const std::size_t begin = tile * kTile, end = std::min(times, begin + kTile);
  for (std::size_t t = begin; t < end; ++t) {
    for (const auto& s : series)
      for (const double* curve : s.curves) s.histograms->add(t, curve[t]);
  }
}

// Threads start at different tiles (`first_tile`) and pass over a tile another thread is adding
// to, coming back to it at the end: walking the tiles in step, they had queued behind each other.
void add_batch(const PopulationRequest& request, std::span<const SimulationResult> batch,
               std::size_t first_tile, Tally& tally) {
  std::vector<BatchSeries> series{{{}, &tally.plasma}};
  if (request.ke0_per_min) series.push_back({{}, &tally.effect_site});
  for (const auto& result : batch) {
    series[0].curves.push_back(result.plasma_ng_per_ml.data());
    if (request.ke0_per_min) series[1].curves.push_back(result.effect_site_ng_per_ml.data());
  }
  const std::size_t times = request.times_min.size(), tiles = tally.locks.size();
  std::vector<std::size_t> busy;
  for (std::size_t k = 0; k < tiles; ++k) {
    const std::size_t tile = (first_tile + k) % tiles;
    std::unique_lock lock(tally.locks[tile], std::try_to_lock);
    if (!lock) {
      busy.push_back(tile);
      continue;
    }
    add_tile(series, times, tile);
  }
  for (std::size_t tile : busy) {
    std::lock_guard lock(tally.locks[tile]);
    add_tile(series, times, tile);
  }
  std::vector<double> above;  // computed before taking the lock: it reads every time
  if (request.threshold_ng_per_ml) {
    for (const auto& result : batch) {
      above.push_back(
          time_above(request.times_min, result.plasma_ng_per_ml, *request.threshold_ng_per_ml));
    }
  }
  std::lock_guard lock(tally.summary_lock);
  for (const auto& result : batch) {
    tally.cmax.add(0, result.summary.cmax_ng_per_ml);
    tally.auc.add(0, result.summary.auc_0_inf_ng_h_per_ml);
  }
  for (double minutes : above) tally.time_above.add(0, minutes);
}

}  // namespace

namespace {

constexpr std::uint64_t kGoldenGamma = 0x9E3779B97F4A7C15ULL;

std::uint64_t splitmix_mix(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

}  // namespace

std::uint64_t patient_seed(std::uint64_t seed, std::uint64_t index) {
  return splitmix_mix(seed + kGoldenGamma * (index + 1));
}

PatientStream::result_type PatientStream::operator()() {
  return splitmix_mix(state_ += kGoldenGamma);
}

PopulationResult simulate_population(const PopulationRequest& request) {
  std::vector<Eigen::MatrixXd> cholesky;
  for (const auto& block : request.model->variability)
    cholesky.push_back(block.covariance.llt().matrixL());
  const auto times = request.times_min.size();
  const int threads = std::max(1, std::min<int>(request.threads, static_cast<int>(request.n)));
  Tally total(times, request.ke0_per_min.has_value());
  const std::size_t patients_per_batch = batch_size(request);
  std::vector<std::thread> workers;
  for (int w = 0; w < threads; ++w) {
    workers.emplace_back([&, w] {
      const std::size_t begin =
          request.n * static_cast<std::size_t>(w) / static_cast<std::size_t>(threads);
      const std::size_t end =
          request.n * static_cast<std::size_t>(w + 1) / static_cast<std::size_t>(threads);
      // One request and one batch of results per thread, reused patient after patient.
      SimulationRequest patient{{}, {}, request.times_min, request.ke0_per_min};
      const OutputGrid grid(patient.times_min);
      std::vector<SimulationResult> batch(std::min(patients_per_batch, end - begin));
      const std::size_t first_tile =
          total.locks.size() * static_cast<std::size_t>(w) / static_cast<std::size_t>(threads);
      std::size_t filled = 0;
      for (std::size_t i = begin; i < end; ++i) {
        draw_patient(request, cholesky, i, patient);
        simulate(patient, grid, batch[filled++]);
        if (filled == batch.size() || i + 1 == end) {
          add_batch(request, std::span(batch.data(), filled), first_tile, total);
          filled = 0;
        }
      }
    });
  }
  for (auto& worker : workers) worker.join();
  PopulationResult result;
  for (std::size_t t = 0; t < times; ++t) {
    result.plasma_ng_per_ml.push_back(total.plasma.percentiles(t, request.n));
    if (request.ke0_per_min)
      result.effect_site_ng_per_ml.push_back(total.effect_site.percentiles(t, request.n));
  }
  result.cmax_ng_per_ml = total.cmax.percentiles(0, request.n);
  result.auc_0_inf_ng_h_per_ml = total.auc.percentiles(0, request.n);
  if (request.threshold_ng_per_ml)
    result.time_above_threshold_min = total.time_above.percentiles(0, request.n);
  result.relative_resolution = kRelativeResolution;
  return result;
}

}  // namespace plasticity::pk
