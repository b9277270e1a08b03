#include "outcomes/survival.h"

#include <Eigen/Dense>
#include <algorithm>
#include <boost/math/distributions/chi_squared.hpp>
#include <cmath>
#include <limits>
#include <map>

#include "outcomes/normal.h"

namespace plasticity {
namespace {

// survival's findq: the first x where the step curve y (non-decreasing, from 0) reaches p; where
// it equals p (within tol) over a step, the middle of that step; at the last step, halfway to the
// last time. Points without a value (an interval once S is 0) are left out, as R's approx does.
std::optional<double> find_quantile(const std::vector<double>& x,
                                    const std::vector<std::optional<double>>& y, double p) {
  const double tol = std::sqrt(std::numeric_limits<double>::epsilon());
  const double xmax = x.back();
  std::vector<double> xs, ys;
  bool any_missing_kept = false;
  for (std::size_t i = 0; i < y.size(); ++i) {
    if (!y[i]) {
      any_missing_kept = true;  // R keeps the first NA (duplicated() drops later ones)
      continue;
    }
    if (!ys.empty() && ys.back() == *y[i]) continue;  // duplicated: keep the first
    xs.push_back(x[i]);
    ys.push_back(*y[i]);
  }
  if (ys.empty() || *std::max_element(ys.begin(), ys.end()) < p) return std::nullopt;
  auto first_reaching = [&](double shift) -> std::optional<std::size_t> {
    for (std::size_t i = 0; i < ys.size(); ++i) {
      if (ys[i] + shift >= p) return i;
    }
    return std::nullopt;
  };
  const auto at1 = first_reaching(tol);
  const auto at2 = first_reaching(-tol);
  // The last point of the de-duplicated series, as R sees it: the first NA when there is one.
  const bool last_is_value = !any_missing_kept;
  if (last_is_value && std::abs(p - ys.back()) < tol && at1) return (xs[*at1] + xmax) / 2;
  if (!at1 || !at2) return std::nullopt;
  return (xs[*at1] + xs[*at2]) / 2;
}

}  // namespace

KaplanMeier kaplan_meier(std::vector<Observation> observations) {
  std::sort(observations.begin(), observations.end(),
            [](const Observation& a, const Observation& b) { return a.time < b.time; });
  KaplanMeier km;
  km.n = static_cast<int>(observations.size());
  int at_risk = km.n;
  double survival = 1;
  double greenwood = 0;
  for (std::size_t i = 0; i < observations.size();) {
    KaplanMeierRow row;
    row.time = observations[i].time;
    row.at_risk = at_risk;
    for (; i < observations.size() && observations[i].time == row.time; ++i) {
      ++(observations[i].event ? row.events : row.censored);
    }
    if (row.events > 0) {
      survival *= 1.0 - static_cast<double>(row.events) / at_risk;
      greenwood += row.events < at_risk
                       ? static_cast<double>(row.events) / (at_risk * (at_risk - row.events))
                       : std::numeric_limits<double>::infinity();
    }
    row.survival = survival;
    row.std_err = std::sqrt(greenwood);
    if (survival > 0) {
      row.lower = survival * std::exp(-z95() * row.std_err);
      row.upper = std::min(1.0, survival * std::exp(z95() * row.std_err));
    }
    at_risk -= row.events + row.censored;
    km.rows.push_back(row);
  }
  return km;
}

std::optional<double> KaplanMeier::survival_at(double time) const {
  if (rows.empty() || time > rows.back().time) return std::nullopt;
  double s = 1;
  for (const auto& row : rows) {
    if (row.time > time) break;
    s = row.survival;
  }
  return s;
}

TimeWithInterval survival_quantile(const KaplanMeier& km, double p) {
  if (km.rows.empty()) return {};
  std::vector<double> x{0};
  std::vector<std::optional<double>> curve{0.0}, from_lower{0.0}, from_upper{0.0};
  for (const auto& row : km.rows) {
    x.push_back(row.time);
    curve.push_back(1 - row.survival);
    from_lower.push_back(row.lower ? std::optional(1 - *row.lower) : std::nullopt);
    from_upper.push_back(row.upper ? std::optional(1 - *row.upper) : std::nullopt);
  }
  return {find_quantile(x, curve, p), find_quantile(x, from_lower, p),
          find_quantile(x, from_upper, p)};
}

std::optional<LogRank> log_rank(const std::vector<std::vector<Observation>>& groups) {
  const std::size_t g = groups.size();
  // Every distinct time, with each group's events and numbers leaving there.
  std::map<double, std::vector<std::pair<int, int>>> at;  // time → per group (events, leaving)
  std::vector<int> at_risk(g, 0);
  for (std::size_t k = 0; k < g; ++k) {
    for (const auto& o : groups[k]) {
      auto& counts = at.try_emplace(o.time, g, std::pair{0, 0}).first->second;
      counts[k].first += o.event;
      counts[k].second += 1;
      ++at_risk[k];
    }
  }
  LogRank result;
  result.observed.assign(g, 0);
  result.expected.assign(g, 0);
  Eigen::MatrixXd variance = Eigen::MatrixXd::Zero(g, g);
  for (const auto& [time, counts] : at) {
    double n = 0, d = 0;
    for (std::size_t k = 0; k < g; ++k) {
      n += at_risk[k];
      d += counts[k].first;
    }
    if (d > 0) {
      for (std::size_t k = 0; k < g; ++k) {
        result.observed[k] += counts[k].first;
        result.expected[k] += d * at_risk[k] / n;
        if (n > 1) {
          for (std::size_t h = 0; h < g; ++h) {
            variance(k, h) +=
                d * (n - d) / (n - 1) * at_risk[k] / n * ((k == h ? 1.0 : 0.0) - at_risk[h] / n);
          }
        }
      }
    }
    for (std::size_t k = 0; k < g; ++k) at_risk[k] -= counts[k].second;
  }
  // survdiff: the groups with expected events, less the first of them.
  std::vector<std::size_t> used;
  for (std::size_t k = 0; k < g; ++k) {
    if (result.expected[k] > 0) used.push_back(k);
  }
  if (used.size() < 2) return std::nullopt;
  const std::size_t m = used.size() - 1;
  Eigen::VectorXd difference(m);
  Eigen::MatrixXd v(m, m);
  for (std::size_t i = 0; i < m; ++i) {
    difference(i) = result.observed[used[i + 1]] - result.expected[used[i + 1]];
    for (std::size_t j = 0; j < m; ++j) v(i, j) = variance(used[i + 1], used[j + 1]);
  }
  result.chi_square = difference.dot(v.ldlt().solve(difference));
  result.degrees_of_freedom = static_cast<int>(m);
  result.p_value = boost::math::cdf(
      boost::math::complement(boost::math::chi_squared(m), std::max(0.0, result.chi_square)));
  return result;
}

}  // namespace plasticity
