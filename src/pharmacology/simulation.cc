#include "pharmacology/simulation.h"

#include <algorithm>
#include <bit>
#include <iterator>
#include <limits>
#include <map>
#include <unsupported/Eigen/MatrixFunctions>

namespace plasticity::pk {
namespace {

constexpr double kNgPerMlPerMgPerL = 1000;  // 1 mg/L = 1000 ng/mL

// The state: drug amounts (mg) per compartment, then the effect site if any, then ∫A₀ dt, both in
// the central compartment's amount units (mg, mg·min; ×1000/V1 gives ng/mL, ng·min/mL). All of it
// is linear in the amounts, so one matrix drives it all; and in amount units that matrix has no
// entry far above the rates, which keeps its exponential cheap (no scaling and squaring).
// The matrix's unit entries (into ∫A₀, and an infusion's column in the propagator) are scaled by
// 2⁻¹⁰, exact in binary and undone on output: they would otherwise dominate the matrix's norm,
// from which Eigen picks the Padé degree (9 instead of 7 on a 1-minute grid).
constexpr double kUnitScale = 0x1p-10;

struct System {
  Eigen::MatrixXd matrix;
  Eigen::Index compartments = 0;
  std::optional<Eigen::Index> effect_site;
  Eigen::Index auc = 0;
};

System build_system(const SimulationRequest& request) {
  const PkParameters& p = request.parameters;
  System s;
  s.compartments = p.rates_per_min.rows();
  Eigen::Index size = s.compartments + 1;
  if (request.ke0_per_min) s.effect_site = size++ - 1;
  s.auc = size - 1;
  s.matrix = Eigen::MatrixXd::Zero(size, size);
  s.matrix.topLeftCorner(s.compartments, s.compartments) = p.rates_per_min;
  if (s.effect_site) {  // dCe/dt = ke0·(Cp − Ce); the effect site holds no mass
    s.matrix(*s.effect_site, 0) = *request.ke0_per_min;
    s.matrix(*s.effect_site, *s.effect_site) = -*request.ke0_per_min;
  }
  s.matrix(s.auc, 0) = kUnitScale;
  return s;
}

// One concentration series of the result: a row of the state times a unit factor.
struct Series {
  std::vector<double>* values;
  Eigen::Index row;
  double scale;
};

// Outputs on an even grid are read kBlock at a time from one state, x(t + j·h) = Φʲ·x(t) + Uⱼ,
// instead of stepping from each to the next: the reads are independent of each other (one
// vectorised matrix-vector product), and the state itself advances only once a block.
constexpr Eigen::Index kBlock = 16;

// Advances the state exactly: x ← e^{M·dt}·x + (∫₀^dt e^{M·s} ds)·B·r for constant infusion
// rates r into the compartments B selects. Both blocks come from one exponential of
// [[M, B], [0, 0]], cached by dt (a grid repeats one step); B has a column only per infused
// compartment, so an IV regimen exponentiates n + 1 rows, not 2n.
//
// N is the state's size when it is one of the common ones (Eigen::Dynamic otherwise): Eigen then
// unrolls the small products, which cost far more than their arithmetic when sized at run time.
// The step and read loops allocate nothing.
template <int N>
class Propagator {
 public:
  using Vector = Eigen::Matrix<double, N, 1>;
  using Matrix = Eigen::Matrix<double, N, N>;
  // One column or entry per infused compartment (at most N): on the stack when N is fixed.
  using Inputs = Eigen::Matrix<double, N, Eigen::Dynamic, 0, N, N>;
  using Rates = Eigen::Matrix<double, Eigen::Dynamic, 1, 0, N, 1>;

  Propagator(const Eigen::MatrixXd& matrix, const std::vector<Eigen::Index>& infused,
             const std::vector<Series>& series)
      : matrix_(matrix), reachable_(reachability(matrix_)), infused_(infused), series_(series) {}

  // Call at each dose event: the infusion rates into each infused compartment from t on.
  void set_rates(const std::vector<Input>& inputs, double t) {
    rates_ = Rates::Zero(static_cast<Eigen::Index>(infused_.size()));
    for (const auto& input : inputs) {
      if (input.duration_min > 0 && input.start_min <= t &&
          t < input.start_min + input.duration_min) {
        const auto column = std::lower_bound(infused_.begin(), infused_.end(), input.compartment);
        rates_(column - infused_.begin()) += input.amount_mg / input.duration_min;
      }
    }
    input_dt_ = -1;
    ++rates_version_;
  }

  void advance(Vector& x, double dt) {
    if (dt <= 0) return;
    Step& step = step_for(dt);
    if (input_dt_ != dt) {
      input_term_ = step.input * rates_;
      input_dt_ = dt;
    }
    x = (step.transition * x + input_term_).eval();
  }

  // Reads the series at `blocks`·kBlock times h apart after x's time, into outputs `first` on;
  // x ends at the last of them.
  void read_blocks(Vector& x, double h, std::size_t first, Eigen::Index blocks) {
    Step& step = step_for(h);
    Block& block = block_for(step);
    if (block.rates_version != rates_version_) fill_inputs(step, block);
    for (Eigen::Index b = 0; b < blocks; ++b) {
      for (std::size_t s = 0; s < series_.size(); ++s) {
        const auto& readout = block.readouts[s];
        Reads read = block.readout_inputs[s];  // summed in registers, stored once
        for (Eigen::Index c = 0; c < block.columns_read[s]; ++c) read += readout.col(c) * x(c);
        Eigen::Map<Reads>(series_[s].values->data() + first) = read;
      }
      x = (block.transition() * x + block.input_term).eval();
      first += kBlock;
    }
  }

 private:
  using Reads = Eigen::Matrix<double, kBlock, 1>;
  struct Block {
    std::vector<Eigen::Matrix<double, kBlock, N>> readouts;  // per series: row j−1 is its row of Φʲ
    // Per series: its readout's columns up to the last that is not all zero (the state beyond,
    // e.g. the effect site and ∫A₀ for the plasma, never reaches it), about a third less to read.
    std::vector<Eigen::Index> columns_read;
    std::vector<Matrix> doublings;      // Φ, Φ², Φ⁴, …, Φ^kBlock
    long rates_version = -1;            // the inputs below are for these rates
    Vector input_term;                  // U_kBlock, where Uⱼ = Σ_{i<j} Φⁱ·u
    std::vector<Reads> readout_inputs;  // per series: its row of U₁ … U_kBlock
    const Matrix& transition() const { return doublings.back(); }
  };
  struct Step {
    Matrix transition;
    Inputs input;
    std::optional<Block> block;  // made the first time a grid with this step is read
  };

  Step& step_for(double dt) {
    if (last_ && last_dt_ == dt) return *last_;
    auto it = steps_.find(dt);
    if (it == steps_.end()) {
      // One infused compartment (an IV regimen) is the common case: a fixed size, which Eigen
      // unrolls. Otherwise at most 2N square (m ≤ N), sized at run time but on the stack.
      constexpr int kMax = N == Eigen::Dynamic ? Eigen::Dynamic : 2 * N;
      using Sized = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, 0, kMax, kMax>;
      if constexpr (N != Eigen::Dynamic) {
        if (infused_.size() == 1) {
          it = steps_.emplace(dt, exponentiate<Eigen::Matrix<double, N + 1, N + 1>>(dt)).first;
        }
      }
      if (it == steps_.end()) it = steps_.emplace(dt, exponentiate<Sized>(dt)).first;
    }
    last_dt_ = dt;
    last_ = &it->second;
    return *last_;
  }

  template <class Augmented>
  Step exponentiate(double dt) const {
    const Eigen::Index n = matrix_.rows();
    const auto m = static_cast<Eigen::Index>(infused_.size());
    Augmented augmented = Augmented::Zero(n + m, n + m);
    augmented.topLeftCorner(n, n) = matrix_ * dt;
    for (Eigen::Index j = 0; j < m; ++j)
      augmented(infused_[static_cast<std::size_t>(j)], n + j) = dt * kUnitScale;
    const Augmented e = augmented.exp();
    Step step{
        e.topLeftCorner(n, n).cwiseProduct(reachable_), e.topRightCorner(n, m) / kUnitScale, {}};
    for (Eigen::Index j = 0; j < m; ++j)
      step.input.col(j).array() *= reachable_.col(infused_[static_cast<std::size_t>(j)]).array();
    return step;
  }

  // The read rows of Φʲ by repeated products of rows (R_j = R_{j−1}·Φ), Φ^kBlock by squaring. Φ =
  // e^{Mh} is non-negative for a compartmental M, so the products lose nothing to cancellation
  // (each is within a few ulps of e^{M·jh}).
  Block& block_for(Step& step) {
    if (step.block) return *step.block;
    const Eigen::Index n = matrix_.rows();
    Block block;
    block.input_term = Vector::Zero(n);  // filled for the rates by fill_inputs
    block.doublings.reserve(std::bit_width(static_cast<unsigned>(kBlock)));
    block.readouts.reserve(series_.size());
    block.columns_read.reserve(series_.size());
    block.doublings.push_back(step.transition);
    for (Eigen::Index j = 1; j < kBlock; j *= 2) {
      const Matrix& last = block.doublings.back();
      block.doublings.push_back((last * last).eval());
    }
    for (const Series& series : series_) {
      Eigen::Matrix<double, kBlock, N> readout(kBlock, n);
      Eigen::Matrix<double, 1, N> row = step.transition.row(series.row) * series.scale;
      for (Eigen::Index j = 1; j <= kBlock; ++j) {
        readout.row(j - 1) = row;
        row = (row * step.transition).eval();
      }
      Eigen::Index columns = n;
      while (columns > 0 && (readout.col(columns - 1).array() == 0).all()) --columns;
      block.readouts.push_back(readout);
      block.columns_read.push_back(columns);
    }
    step.block = std::move(block);
    return *step.block;
  }

  // The input's share of each read and of the block's step: Uⱼ = Σ_{i<j} Φⁱ·u for the one-step
  // input term u; U_kBlock by doubling (U_2j = Φʲ·U_j + U_j).
  void fill_inputs(const Step& step, Block& block) const {
    const Vector one_step = step.input * rates_;
    block.readout_inputs.resize(series_.size());
    for (std::size_t s = 0; s < series_.size(); ++s) {
      Reads& input = block.readout_inputs[s];
      double sum = one_step(series_[s].row) * series_[s].scale;  // Φ⁰'s row is the unit row
      input(0) = sum;
      for (Eigen::Index j = 2; j <= kBlock; ++j) {  // readout row j−2 is Φ^(j−1)'s
        sum += block.readouts[s].row(j - 2).dot(one_step);
        input(j - 1) = sum;
      }
    }
    Vector sum = one_step;
    for (std::size_t d = 0; d + 1 < block.doublings.size(); ++d) {
      sum = (block.doublings[d] * sum + sum).eval();
    }
    block.input_term = sum;
    block.rates_version = rates_version_;
  }

  // 1 where some chain of flows leads from column to row, else 0: e^{M·dt} is exactly 0 there,
  // but its Padé approximation leaves rounding (1e-17) — which the area under the curve, large
  // and never decaying, would feed back into the concentrations step after step.
  static Matrix reachability(const Matrix& matrix) {
    Eigen::Matrix<bool, N, N> reach = matrix.array() != 0;
    reach.diagonal().setConstant(true);
    for (Eigen::Index k = 0; k < reach.rows(); ++k) {  // Warshall's transitive closure
      for (Eigen::Index i = 0; i < reach.rows(); ++i) {
        if (reach(i, k)) reach.row(i) = reach.row(i).array() || reach.row(k).array();
      }
    }
    return reach.template cast<double>();
  }

  Matrix matrix_;
  Matrix reachable_;
  std::vector<Eigen::Index> infused_;
  const std::vector<Series>& series_;
  std::map<double, Step> steps_;
  Step* last_ = nullptr;
  double last_dt_ = -1;
  Rates rates_;
  long rates_version_ = 0;
  Vector input_term_;
  double input_dt_ = -1;
};

// Instants where the input changes: boluses, infusion starts and ends.
std::vector<double> event_times(const std::vector<Input>& inputs) {
  std::vector<double> events;
  for (const auto& input : inputs) {
    events.push_back(input.start_min);
    if (input.duration_min > 0) events.push_back(input.start_min + input.duration_min);
  }
  std::sort(events.begin(), events.end());
  events.erase(std::unique(events.begin(), events.end()), events.end());
  return events;
}

// The compartments some infusion (zero-order input) goes into, in order.
std::vector<Eigen::Index> infused_compartments(const std::vector<Input>& inputs) {
  std::vector<Eigen::Index> infused;
  for (const auto& input : inputs) {
    if (input.duration_min > 0) infused.push_back(input.compartment);
  }
  std::sort(infused.begin(), infused.end());
  infused.erase(std::unique(infused.begin(), infused.end()), infused.end());
  return infused;
}

template <typename Vector>
void give_boluses_at(const std::vector<Input>& inputs, double t, Vector& x) {
  for (const auto& input : inputs) {
    if (input.duration_min == 0 && input.start_min == t) x(input.compartment) += input.amount_mg;
  }
}

// The end of the last infusion into the central compartment (absorption inputs do not count).
double last_infusion_end(const std::vector<Input>& inputs) {
  double end = -1;
  for (const auto& input : inputs) {
    if (input.duration_min > 0 && input.compartment == 0) {
      end = std::max(end, input.start_min + input.duration_min);
    }
  }
  return end;
}

// Walks the regimen: from one event to the next the input rates are constant, so it reads the
// outputs in between (after the event's boluses: a bolus at t shows at t), then advances to the
// next event. Returns the state after the last event.
template <int N>
Eigen::VectorXd walk(const SimulationRequest& request, const OutputGrid& grid, const System& system,
                     const std::vector<Series>& series, SimulationResult& result) {
  using Vector = typename Propagator<N>::Vector;
  const auto& times = request.times_min;
  const std::vector<Eigen::Index> infused = infused_compartments(request.inputs);
  Propagator<N> propagator{system.matrix, infused, series};
  Vector x = Vector::Zero(system.matrix.rows());
  const std::vector<double> events = event_times(request.inputs);
  const double infusion_end = last_infusion_end(request.inputs);
  std::size_t next_output = 0;
  std::size_t next_event = 0;
  double now = 0;
  propagator.set_rates(request.inputs, 0);
  for (;;) {
    if (next_event < events.size() && events[next_event] == now) {
      give_boluses_at(request.inputs, now, x);
      propagator.set_rates(request.inputs, now);
      ++next_event;
    }
    if (now == infusion_end) result.summary.end_of_infusion_ng_per_ml = x(0) * series[0].scale;
    const double until =
        next_event < events.size() ? events[next_event] : std::numeric_limits<double>::infinity();
    const std::size_t end = static_cast<std::size_t>(
        std::lower_bound(times.begin() + static_cast<std::ptrdiff_t>(next_output), times.end(),
                         until) -
        times.begin());
    while (next_output < end) {
      const double h = times[next_output] - now;
      const std::size_t on_grid = h > 0 ? grid.run_length(next_output, end, h) : 0;
      const auto blocks = static_cast<Eigen::Index>(on_grid) / kBlock;
      if (blocks > 0) {
        propagator.read_blocks(x, h, next_output, blocks);
        next_output += static_cast<std::size_t>(blocks * kBlock);
      } else {
        propagator.advance(x, h);
        for (const auto& s : series) (*s.values)[next_output] = x(s.row) * s.scale;
        ++next_output;
      }
      now = times[next_output - 1];
    }
    if (next_output == times.size() && !times.empty() && result.amounts_mg_at_last_time.empty()) {
      result.summary.auc_0_t_ng_h_per_ml = x(system.auc) / kUnitScale * series[0].scale / 60;
      result.amounts_mg_at_last_time.assign(x.data(), x.data() + system.compartments);
    }
    if (next_event == events.size()) return x;
    propagator.advance(x, events[next_event] - now);
    now = events[next_event];
  }
}

Eigen::VectorXd walk_any_size(const SimulationRequest& request, const OutputGrid& grid,
                              const System& system, const std::vector<Series>& series,
                              SimulationResult& result) {
  switch (system.matrix.rows()) {
    case 3:
      return walk<3>(request, grid, system, series, result);
    case 4:
      return walk<4>(request, grid, system, series, result);
    case 5:
      return walk<5>(request, grid, system, series, result);
    case 6:
      return walk<6>(request, grid, system, series, result);
    case 7:
      return walk<7>(request, grid, system, series, result);
    case 8:
      return walk<8>(request, grid, system, series, result);
    case 9:
      return walk<9>(request, grid, system, series, result);
    case 10:
      return walk<10>(request, grid, system, series, result);
    default:
      return walk<Eigen::Dynamic>(request, grid, system, series, result);
  }
}

}  // namespace

// Only the breaks are kept (none on an even grid), not a length per time: a 21-day course at
// 1 minute has 30,241 times, and a table of that size cost more to allocate than it saved.
OutputGrid::OutputGrid(const std::vector<double>& times_min) : times_(times_min) {
  for (std::size_t i = 2; i < times_min.size(); ++i) {
    if (times_min[i] - times_min[i - 1] != times_min[i - 1] - times_min[i - 2]) {
      breaks_.push_back(i);
    }
  }
}

std::size_t OutputGrid::run_length(std::size_t first, std::size_t end, double h) const {
  if (first + 1 >= end || times_[first + 1] - times_[first] != h) return 1;
  // From first + 1 on, the steps stay h up to the next break.
  const auto next = std::upper_bound(breaks_.begin(), breaks_.end(), first + 1);
  return std::min(end, next == breaks_.end() ? times_.size() : *next) - first;
}

SimulationResult simulate(const SimulationRequest& request) {
  SimulationResult result;
  simulate(request, OutputGrid(request.times_min), result);
  return result;
}

void simulate(const SimulationRequest& request, const OutputGrid& grid, SimulationResult& result) {
  const System system = build_system(request);
  const double to_ng_per_ml = kNgPerMlPerMgPerL / request.parameters.central_volume_l;
  result.summary = {};
  result.amounts_mg_at_last_time.clear();
  std::vector<Series> series{{&result.plasma_ng_per_ml, 0, to_ng_per_ml}};
  if (system.effect_site) {
    series.push_back({&result.effect_site_ng_per_ml, *system.effect_site, to_ng_per_ml});
  }
  const auto& metabolite = request.parameters.metabolite;
  if (metabolite) {
    series.push_back({&result.metabolite_ng_per_ml, metabolite->compartment,
                      kNgPerMlPerMgPerL / metabolite->volume_l});
  }
  // Every value is written by the walk: a reused vector keeps its old ones until then.
  for (auto& s : series) s.values->resize(request.times_min.size());
  if (!system.effect_site) result.effect_site_ng_per_ml.clear();
  if (!metabolite) result.metabolite_ng_per_ml.clear();
  const Eigen::VectorXd x = walk_any_size(request, grid, system, series, result);

  // Every event has been given, so the regimen is over. AUC to infinity adds the tail with no
  // input: ∫_t^∞ Cp = −(1000/V1)·e₀ᵀ·K⁻¹·A(t), exact for a model that eliminates.
  const Eigen::Index n = system.compartments;
  const Eigen::VectorXd tail = request.parameters.rates_per_min.fullPivLu().solve(x.head(n));
  result.summary.auc_0_inf_ng_h_per_ml = (x(system.auc) / kUnitScale - tail(0)) * to_ng_per_ml / 60;
  if (metabolite && !result.metabolite_ng_per_ml.empty()) {
    result.summary.metabolite_cmax_ng_per_ml =
        *std::max_element(result.metabolite_ng_per_ml.begin(), result.metabolite_ng_per_ml.end());
  }
  // The peak, then its first time (two passes: the first is vectorised, with no branch).
  const std::vector<double>& plasma = result.plasma_ng_per_ml;
  const double peak = plasma.empty() ? 0
                                     : Eigen::Map<const Eigen::ArrayXd>(
                                           plasma.data(), static_cast<Eigen::Index>(plasma.size()))
                                           .maxCoeff();
  if (peak > 0) {
    result.summary.cmax_ng_per_ml = peak;
    const auto first = std::find(plasma.begin(), plasma.end(), peak) - plasma.begin();
    result.summary.tmax_min = request.times_min[static_cast<std::size_t>(first)];
  }
}

double time_above(const std::vector<double>& times_min, const std::vector<double>& ng_per_ml,
                  double threshold) {
  double total = 0;
  for (std::size_t i = 1; i < times_min.size(); ++i) {
    const double a = ng_per_ml[i - 1], b = ng_per_ml[i], dt = times_min[i] - times_min[i - 1];
    if (a >= threshold && b >= threshold) {
      total += dt;
    } else if (a >= threshold || b >= threshold) {
      const double crossing = (threshold - a) / (b - a) * dt;  // from the left end
      total += a >= threshold ? crossing : dt - crossing;
    }
  }
  return total;
}

double dose_scale_for_peak(const ExposureSummary& summary, double target_cmax_ng_per_ml) {
  return target_cmax_ng_per_ml / summary.cmax_ng_per_ml;
}

}  // namespace plasticity::pk
