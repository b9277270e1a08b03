#include "outcomes/logistic.h"

#include <linear.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

namespace plasticity {
namespace {

// liblinear minimises ½‖w‖² + C·Σ log(1 + e^(−y·w·x)): with C this large the penalty moves a
// coefficient by about ‖w‖/(C·λmin) — far below the sixth decimal for a clinic's data.
constexpr double kAlmostNoPenalty = 1e7;
// The solver stops when the gradient is this fraction of its starting size (scaled by the
// smaller class's share); Newton steps make the last decimals cheap.
constexpr double kStoppingTolerance = 1e-12;
// Beyond this linear predictor a fitted probability is within 2e-9 of 0 or 1: the features
// separate the outcomes, the maximum-likelihood estimate does not exist and the solver only
// stopped because the penalty held it.
constexpr double kSeparatedLinearPredictor = 20;

void quiet(const char*) {}

Eigen::VectorXd liblinear_coefficients(const Eigen::MatrixXd& design,
                                       const Eigen::VectorXd& outcome) {
  const auto rows = static_cast<int>(design.rows());
  const auto columns = static_cast<int>(design.cols());
  // Dense rows in liblinear's sparse form: 1-based indices, each row ended by index −1.
  std::vector<feature_node> nodes;
  nodes.reserve(static_cast<std::size_t>(rows) * (columns + 1));
  std::vector<std::size_t> starts;
  std::vector<double> labels;
  for (int r = 0; r < rows; ++r) {
    starts.push_back(nodes.size());
    for (int c = 0; c < columns; ++c) nodes.push_back({c + 1, design(r, c)});
    nodes.push_back({-1, 0});
    labels.push_back(outcome(r) > 0.5 ? 1 : -1);
  }
  std::vector<feature_node*> row_pointers;
  for (const auto start : starts) row_pointers.push_back(&nodes[start]);
  problem prob{rows, columns, labels.data(), row_pointers.data(), -1};
  parameter param{};
  param.solver_type = L2R_LR;
  param.eps = kStoppingTolerance;
  param.C = kAlmostNoPenalty;
  set_print_string_function(quiet);
  model* fitted = train(&prob, &param);
  Eigen::VectorXd w(columns);
  // liblinear's first label is the first row's class; its weights score that class.
  const double sign = fitted->label[0] == 1 ? 1.0 : -1.0;
  for (int c = 0; c < columns; ++c) w(c) = sign * fitted->w[c];
  free_and_destroy_model(&fitted);
  return w;
}

}  // namespace

double expit(double eta) { return 1.0 / (1.0 + std::exp(-eta)); }

double LogisticFit::standard_error(Eigen::Index i) const { return std::sqrt(covariance(i, i)); }

double LogisticFit::linear_predictor(const Eigen::VectorXd& x) const { return coefficients.dot(x); }

double LogisticFit::probability(const Eigen::VectorXd& x) const {
  return expit(linear_predictor(x));
}

double LogisticFit::linear_predictor_variance(const Eigen::VectorXd& x) const {
  return x.dot(covariance * x);
}

std::optional<LogisticFit> fit_logistic(const Eigen::MatrixXd& design,
                                        const Eigen::VectorXd& outcome,
                                        const std::vector<int>& cluster) {
  const double positives = outcome.sum();
  const auto n = design.rows(), k = design.cols();
  std::map<int, int> cluster_index;
  for (const int c : cluster) cluster_index.emplace(c, static_cast<int>(cluster_index.size()));
  const auto groups = static_cast<Eigen::Index>(cluster_index.size());
  if (positives < 1 || positives > static_cast<double>(n) - 1 || groups < 2 || n <= k) {
    return std::nullopt;
  }
  LogisticFit fit;
  fit.coefficients = liblinear_coefficients(design, outcome);
  const Eigen::VectorXd eta = design * fit.coefficients;
  if (eta.cwiseAbs().maxCoeff() > kSeparatedLinearPredictor) return std::nullopt;
  const Eigen::VectorXd p = eta.unaryExpr([](double e) { return expit(e); });
  const Eigen::VectorXd weight = p.cwiseProduct(Eigen::VectorXd::Ones(n) - p);
  const Eigen::MatrixXd information = design.transpose() * weight.asDiagonal() * design;
  const Eigen::FullPivLU<Eigen::MatrixXd> lu(information);
  if (!lu.isInvertible()) return std::nullopt;
  const Eigen::MatrixXd bread = lu.inverse();
  Eigen::MatrixXd scores = Eigen::MatrixXd::Zero(groups, k);
  for (Eigen::Index r = 0; r < n; ++r) {
    scores.row(cluster_index.at(cluster[static_cast<std::size_t>(r)])) +=
        (outcome(r) - p(r)) * design.row(r);
  }
  const double g = static_cast<double>(groups);
  const double correction = g / (g - 1) * (static_cast<double>(n) - 1) / static_cast<double>(n - k);
  fit.covariance = correction * bread * (scores.transpose() * scores) * bread;
  return fit;
}

std::optional<double> roc_auc(const std::vector<double>& predicted,
                              const std::vector<int>& outcome) {
  // Rank-sum form: sort once, average the ranks of ties.
  std::vector<std::size_t> order(predicted.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return predicted[a] < predicted[b]; });
  double positive_rank_sum = 0, positives = 0;
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    while (j < order.size() && predicted[order[j]] == predicted[order[i]]) ++j;
    const double mean_rank = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2;
    for (std::size_t t = i; t < j; ++t) {
      if (outcome[order[t]] == 1) {
        positive_rank_sum += mean_rank;
        positives += 1;
      }
    }
    i = j;
  }
  const double negatives = static_cast<double>(predicted.size()) - positives;
  if (positives == 0 || negatives == 0) return std::nullopt;
  return (positive_rank_sum - positives * (positives + 1) / 2) / (positives * negatives);
}

double brier_score(const std::vector<double>& predicted, const std::vector<int>& outcome) {
  if (predicted.empty()) return 0;
  double sum = 0;
  for (std::size_t i = 0; i < predicted.size(); ++i) {
    sum += (predicted[i] - outcome[i]) * (predicted[i] - outcome[i]);
  }
  return sum / static_cast<double>(predicted.size());
}

}  // namespace plasticity
