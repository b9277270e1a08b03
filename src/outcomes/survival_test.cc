// Kaplan–Meier, its median and the log-rank test against R's survival 3.5 and the Wilson interval
// against prop.test, from tests/reference/outcomes/survival_reference.json (made by the R script
// beside it). Every figure must match to 1e-9.
#include "outcomes/survival.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "outcomes/proportion.h"

namespace plasticity {
namespace {

using Json = nlohmann::json;
constexpr double kTolerance = 1e-9;

const Json& reference() {
  static const Json json = [] {
    std::ifstream in{std::string(PLASTICITY_SOURCE_DIR) +
                     "/tests/reference/outcomes/survival_reference.json"};
    return Json::parse(in);
  }();
  return json;
}

std::vector<Observation> observations(const Json& c, std::optional<int> group = std::nullopt) {
  std::vector<Observation> result;
  for (std::size_t i = 0; i < c["time"].size(); ++i) {
    if (group && c["group"][i].get<int>() != *group) continue;
    result.push_back({c["time"][i].get<double>(), c["status"][i].get<int>() == 1});
  }
  return result;
}

void expect_optional_near(std::optional<double> actual, const Json& expected,
                          const std::string& what) {
  if (expected.is_null()) {
    EXPECT_FALSE(actual.has_value()) << what;
  } else {
    ASSERT_TRUE(actual.has_value()) << what;
    EXPECT_NEAR(*actual, expected.get<double>(), kTolerance) << what;
  }
}

TEST(KaplanMeier, MatchesRSurvfitRowByRow) {
  ASSERT_EQ(reference()["survival_version"], "3.5.3");
  for (const Json& c : reference()["cases"]) {
    const std::string name = c["name"];
    const Json& r = c["km"];
    const KaplanMeier km = kaplan_meier(observations(c));
    ASSERT_EQ(km.rows.size(), r["time"].size()) << name;
    for (std::size_t i = 0; i < km.rows.size(); ++i) {
      const auto& row = km.rows[i];
      const std::string at = name + " row " + std::to_string(i);
      EXPECT_NEAR(row.time, r["time"][i].get<double>(), kTolerance) << at;
      EXPECT_EQ(row.at_risk, r["n_risk"][i].get<int>()) << at;
      EXPECT_EQ(row.events, r["n_event"][i].get<int>()) << at;
      EXPECT_EQ(row.censored, r["n_censor"][i].get<int>()) << at;
      EXPECT_NEAR(row.survival, r["surv"][i].get<double>(), kTolerance) << at;
      if (r["std_err"][i].is_null()) {
        EXPECT_TRUE(std::isinf(row.std_err)) << at;
      } else {
        EXPECT_NEAR(row.std_err, r["std_err"][i].get<double>(), kTolerance) << at;
      }
      expect_optional_near(row.lower, r["lower"][i], at + " lower");
      expect_optional_near(row.upper, r["upper"][i], at + " upper");
    }
  }
}

TEST(KaplanMeier, MedianAndItsIntervalAsQuantileSurvfit) {
  for (const Json& c : reference()["cases"]) {
    const std::string name = c["name"];
    const auto median = survival_quantile(kaplan_meier(observations(c)));
    expect_optional_near(median.time, c["km"]["median"], name + " median");
    expect_optional_near(median.lower, c["km"]["median_lower"], name + " median lower");
    expect_optional_near(median.upper, c["km"]["median_upper"], name + " median upper");
  }
}

TEST(KaplanMeier, SurvivalAtADayIsTheLastStepBeforeIt) {
  const KaplanMeier km = kaplan_meier({{7, true}, {14, false}, {21, true}, {30, false}});
  EXPECT_EQ(km.survival_at(0), 1.0);
  EXPECT_NEAR(*km.survival_at(20.9), 0.75, 1e-15);
  EXPECT_NEAR(*km.survival_at(28), 0.375, 1e-15);
  EXPECT_FALSE(km.survival_at(30.5).has_value()) << "nobody followed that long";
}

TEST(LogRank, MatchesRSurvdiff) {
  int compared = 0;
  for (const Json& c : reference()["cases"]) {
    if (!c.contains("log_rank")) continue;
    std::set<int> ids;
    for (const auto& g : c["group"]) ids.insert(g.get<int>());
    std::vector<std::vector<Observation>> groups;
    for (int id : ids) groups.push_back(observations(c, id));
    const auto result = log_rank(groups);
    const Json& r = c["log_rank"];
    ASSERT_TRUE(result.has_value()) << c["name"];
    EXPECT_NEAR(result->chi_square, r["chi_square"].get<double>(), kTolerance) << c["name"];
    EXPECT_EQ(result->degrees_of_freedom, r["df"].get<int>()) << c["name"];
    EXPECT_NEAR(result->p_value, r["p"].get<double>(), kTolerance) << c["name"];
    for (std::size_t k = 0; k < groups.size(); ++k) {
      EXPECT_NEAR(result->observed[k], r["observed"][k].get<double>(), kTolerance);
      EXPECT_NEAR(result->expected[k], r["expected"][k].get<double>(), kTolerance);
    }
    ++compared;
  }
  EXPECT_EQ(compared, 2);
  EXPECT_FALSE(log_rank({{{1, true}, {2, false}}}).has_value()) << "one group: no test";
}

TEST(Wilson, MatchesPropTestWithoutContinuityCorrection) {
  for (const Json& r : reference()["wilson"]) {
    const Proportion p = wilson(r["count"], r["n"]);
    EXPECT_NEAR(p.lower, r["lower"].get<double>(), kTolerance) << r.dump();
    EXPECT_NEAR(p.upper, r["upper"].get<double>(), kTolerance) << r.dump();
    EXPECT_DOUBLE_EQ(p.rate, r["count"].get<double>() / r["n"].get<double>());
  }
  const Proportion none = wilson(0, 0);
  EXPECT_EQ(none.rate, 0.0);
  EXPECT_EQ(none.upper, 0.0);
}

}  // namespace
}  // namespace plasticity
