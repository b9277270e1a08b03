#include "outcomes/logistic.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace plasticity {
namespace {

const std::string kReference = std::string(PLASTICITY_SOURCE_DIR) + "/tests/reference/forecast/";

struct Cohort {
  Eigen::MatrixXd design;
  Eigen::VectorXd outcome;
  std::vector<int> course;
};

// tests/reference/forecast/logistic_cohort.csv: course, outcome, then the features.
Cohort read_cohort() {
  std::ifstream in(kReference + "logistic_cohort.csv");
  std::string line;
  std::getline(in, line);
  std::vector<std::vector<double>> rows;
  while (std::getline(in, line)) {
    std::stringstream fields(line);
    std::vector<double> row;
    for (std::string field; std::getline(fields, field, ',');) row.push_back(std::stod(field));
    rows.push_back(row);
  }
  Cohort cohort;
  const auto n = static_cast<Eigen::Index>(rows.size());
  const auto k = static_cast<Eigen::Index>(rows.front().size()) - 1;  // intercept replaces ids
  cohort.design.resize(n, k);
  cohort.outcome.resize(n);
  for (Eigen::Index r = 0; r < n; ++r) {
    const auto& row = rows[static_cast<std::size_t>(r)];
    cohort.course.push_back(static_cast<int>(row[0]));
    cohort.outcome(r) = row[1];
    cohort.design(r, 0) = 1.0;
    for (Eigen::Index c = 1; c < k; ++c) cohort.design(r, c) = row[static_cast<std::size_t>(c + 1)];
  }
  return cohort;
}

nlohmann::json reference() {
  std::ifstream in(kReference + "logistic_reference.json");
  return nlohmann::json::parse(in);
}

TEST(Logistic, AgreesWithStatsmodelsToTheSixthDecimal) {
  const auto cohort = read_cohort();
  const auto expected = reference();
  ASSERT_EQ(cohort.design.rows(), expected["rows"].get<int>());
  const auto fit = fit_logistic(cohort.design, cohort.outcome, cohort.course);
  ASSERT_TRUE(fit);
  for (Eigen::Index i = 0; i < fit->coefficients.size(); ++i) {
    const auto name = expected["features"][static_cast<std::size_t>(i)].get<std::string>();
    EXPECT_NEAR(fit->coefficients(i), expected["coefficients"][i].get<double>(), 1e-6) << name;
    EXPECT_NEAR(fit->standard_error(i), expected["standard_errors"][i].get<double>(), 1e-6) << name;
    for (Eigen::Index j = 0; j < fit->coefficients.size(); ++j) {
      EXPECT_NEAR(fit->covariance(i, j), expected["covariance"][i][j].get<double>(), 1e-6);
    }
  }
  std::vector<double> predicted;
  std::vector<int> outcome;
  for (Eigen::Index r = 0; r < cohort.design.rows(); ++r) {
    predicted.push_back(fit->probability(cohort.design.row(r).transpose()));
    outcome.push_back(static_cast<int>(cohort.outcome(r)));
  }
  EXPECT_NEAR(*roc_auc(predicted, outcome), expected["auc"].get<double>(), 1e-9);
  EXPECT_NEAR(brier_score(predicted, outcome), expected["brier"].get<double>(), 1e-9);
}

TEST(Logistic, RecoversTheKnownTruthWithinThreeStandardErrors) {
  const auto cohort = read_cohort();
  const auto truth = reference()["truth"];
  const auto fit = fit_logistic(cohort.design, cohort.outcome, cohort.course);
  ASSERT_TRUE(fit);
  for (Eigen::Index i = 0; i < fit->coefficients.size(); ++i) {
    EXPECT_LT(std::abs(fit->coefficients(i) - truth[i].get<double>()), 3 * fit->standard_error(i))
        << i;
  }
}

TEST(Logistic, RefusesDataWithOneOutcomeOrOneCourse) {
  Eigen::MatrixXd design(4, 2);
  design << 1, 0.1, 1, 0.4, 1, 0.2, 1, 0.9;
  EXPECT_FALSE(fit_logistic(design, Eigen::Vector4d(1, 1, 1, 1), {1, 2, 3, 4}));
  EXPECT_FALSE(fit_logistic(design, Eigen::Vector4d(0, 1, 0, 1), {1, 1, 1, 1}));
  Eigen::MatrixXd constant(4, 2);
  constant << 1, 1, 1, 1, 1, 1, 1, 1;  // the feature repeats the intercept
  EXPECT_FALSE(fit_logistic(constant, Eigen::Vector4d(0, 1, 0, 1), {1, 2, 3, 4}));
  // Every drop above 0.3 responded, every one below did not: separated, no estimate.
  EXPECT_FALSE(fit_logistic(design, Eigen::Vector4d(0, 1, 0, 1), {1, 2, 3, 4}));
}

TEST(Logistic, AucCountsTiesAsOneHalf) {
  // Positives 0.8 and 0.5; negatives 0.5 and 0.2: pairs (0.8>0.5) (0.8>0.2) (0.5=0.5) (0.5>0.2).
  EXPECT_DOUBLE_EQ(*roc_auc({0.8, 0.5, 0.5, 0.2}, {1, 1, 0, 0}), 3.5 / 4);
  EXPECT_FALSE(roc_auc({0.3, 0.4}, {1, 1}));
  EXPECT_DOUBLE_EQ(brier_score({1.0, 0.5}, {1, 0}), 0.125);
}

}  // namespace
}  // namespace plasticity
