// Exact simulation of a linear PK model under a dosing regimen: between two events (a dose
// starting or ending, an output time) the state advances by the matrix exponential of the
// augmented system, so there is no integration error to tune — many overlapping infusions,
// boluses during infusions or a three-week induction series are all exact.
//
//   SimulationRequest request{params, {{0, 35, 0, 40}}, {0, 10, 40, 120}, 0.238};  // 35 mg over 40
//   min SimulationResult result = simulate(request); result.plasma_ng_per_ml[2];  // at 40 min
#pragma once

#include <optional>
#include <vector>

#include "pharmacology/pk_model.h"

namespace plasticity::pk {

struct SimulationRequest {
  PkParameters parameters;
  std::vector<Input> inputs;          // from PkModel::inputs for each dose
  std::vector<double> times_min;      // ascending, ≥ 0
  std::optional<double> ke0_per_min;  // adds an effect site
};

struct ExposureSummary {
  double cmax_ng_per_ml = 0;  // the highest at the requested times
  double tmax_min = 0;
  double auc_0_t_ng_h_per_ml = 0;                   // to the last requested time, exact
  double auc_0_inf_ng_h_per_ml = 0;                 // exact, for the whole regimen
  std::optional<double> end_of_infusion_ng_per_ml;  // at the end of the last infusion
  std::optional<double> metabolite_cmax_ng_per_ml;
};

struct SimulationResult {
  std::vector<double> plasma_ng_per_ml;
  std::vector<double> effect_site_ng_per_ml;    // empty without ke0
  std::vector<double> metabolite_ng_per_ml;     // empty for a model without a metabolite
  std::vector<double> amounts_mg_at_last_time;  // per compartment (checks mass balance)
  ExposureSummary summary;
};

// Where a list of output times runs on an even grid: the simulation reads such runs in blocks.
// Made once per list; a population's patients share one. It keeps a reference to the list, which
// must outlive it.
class OutputGrid {
 public:
  explicit OutputGrid(const std::vector<double>& times_min);
  // How many times from `first` on (before `end`) continue an even grid of step h, `first`
  // itself h after the time before it: at least 1.
  std::size_t run_length(std::size_t first, std::size_t end, double h) const;

 private:
  const std::vector<double>& times_;
  std::vector<std::size_t> breaks_;  // each i ≥ 2 whose step in differs from the one before
};

// Assumes a validated request (see interop/pk_json.h for the checks on outside input).
SimulationResult simulate(const SimulationRequest& request);
// The same into `result`, reusing its vectors' storage, with the grid of request.times_min made
// before: a population simulates one patient after another into the same few results.
void simulate(const SimulationRequest& request, const OutputGrid& grid, SimulationResult& result);

// Minutes with concentration at or above `threshold`, between the first and last time, with
// crossings placed by linear interpolation between neighbouring times (as fine as the grid).
double time_above(const std::vector<double>& times_min, const std::vector<double>& ng_per_ml,
                  double threshold);

// The factor to multiply every dose by so the peak reaches `target_cmax`: exact, because the
// models are linear (twice the dose, twice every concentration).
double dose_scale_for_peak(const ExposureSummary& summary, double target_cmax_ng_per_ml);

}  // namespace plasticity::pk
