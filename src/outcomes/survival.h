// Survival statistics for the clinic's outcome report, computed as R's survival package (3.5)
// computes them, so the report can be checked against it to the ninth decimal
// (tests/reference/outcomes/):
//
// - Kaplan–Meier: one row per distinct time with an event or a censoring; Greenwood's variance;
//   the 95% interval on the log scale (survfit's default conf.type = "log"): S·exp(±1.96·se),
//   se = √Σ d/(n(n−d)), the upper limit capped at 1, none once S is 0.
// - Quantiles (the median) by survival's quantile.survfit: the first time the curve reaches the
//   probability; where it sits exactly on it, halfway to the next step; the interval from where
//   the interval's curves reach it.
// - Log-rank (survdiff, rho = 0): Σ(O−E)ᵀV⁻¹(O−E) over the groups with expected events but the
//   first, chi-square with that many degrees of freedom.
//
//   KaplanMeier km = kaplan_meier({{7, true}, {14, false}, {21, true}});
//   km.rows[0].survival == 2.0 / 3;   survival_quantile(km, 0.5)->time == 21
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace plasticity {

struct Observation {
  double time = 0;     // days from the start of follow-up
  bool event = false;  // false: censored at `time`
};

struct KaplanMeierRow {
  double time = 0;
  int at_risk = 0;
  int events = 0;
  int censored = 0;
  double survival = 1;
  double std_err = 0;                  // of log S (Greenwood); infinite once S is 0
  std::optional<double> lower, upper;  // 95%, none once S is 0
};

struct KaplanMeier {
  int n = 0;
  std::vector<KaplanMeierRow> rows;
  // S at `time`: the last row at or before it; none beyond the last row (no follow-up there).
  std::optional<double> survival_at(double time) const;
};

KaplanMeier kaplan_meier(std::vector<Observation> observations);

struct TimeWithInterval {
  std::optional<double> time, lower, upper;
};

// The time by which a fraction `p` of the cohort has had the event (p = 0.5: the median).
TimeWithInterval survival_quantile(const KaplanMeier& km, double p = 0.5);

struct LogRank {
  double chi_square = 0;
  int degrees_of_freedom = 0;
  double p_value = 1;
  std::vector<double> observed, expected;  // per group, in the order given
};

// None with fewer than two groups that have any expected events.
std::optional<LogRank> log_rank(const std::vector<std::vector<Observation>>& groups);

}  // namespace plasticity
