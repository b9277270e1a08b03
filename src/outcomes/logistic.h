// Logistic regression for the clinic's forecast: the maximum-likelihood fit by liblinear (Fan et
// al., JMLR 2008; Debian's liblinear, its trust-region Newton solver for L2-regularised logistic
// regression with a penalty so small it changes no coefficient in the sixth decimal), and the
// cluster-robust covariance (the sandwich of Liang & Zeger 1986) that statsmodels' Logit gives with
// cov_type="cluster": several rows of one patient's course are not independent observations.
//
//   LogisticFit fit = fit_logistic(X, y, course_of_row);  // X with its intercept column
//   fit.coefficients;  fit.standard_error(0);  fit.probability(x)
#pragma once

#include <Eigen/Dense>
#include <optional>
#include <string>
#include <vector>

namespace plasticity {

struct LogisticFit {
  Eigen::VectorXd coefficients;
  Eigen::MatrixXd covariance;  // cluster-robust, with statsmodels' small-sample correction

  double standard_error(Eigen::Index i) const;
  double linear_predictor(const Eigen::VectorXd& x) const;
  double probability(const Eigen::VectorXd& x) const;
  double linear_predictor_variance(const Eigen::VectorXd& x) const;
};

// `rows` × `features` design (the caller adds the intercept column), `outcome` 0/1, `cluster` the
// group of each row. Nothing when both outcomes are not present, when there are fewer clusters
// than two, when the information matrix is singular (a feature constant or collinear) or when the
// features separate the outcomes (no maximum-likelihood estimate exists).
std::optional<LogisticFit> fit_logistic(const Eigen::MatrixXd& design,
                                        const Eigen::VectorXd& outcome,
                                        const std::vector<int>& cluster);

double expit(double eta);

// The area under the ROC curve (the Mann–Whitney probability that a random positive outranks a
// random negative, ties counting one half) and the Brier score (mean squared error).
std::optional<double> roc_auc(const std::vector<double>& predicted,
                              const std::vector<int>& outcome);
double brier_score(const std::vector<double>& predicted, const std::vector<int>& outcome);

}  // namespace plasticity
