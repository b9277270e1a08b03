#include "interop/forecast_evidence_json.h"

#include <gtest/gtest.h>

#include <cmath>

namespace plasticity {
namespace {

TEST(ForecastEvidence, TheShippedFileSaysWhatThePapersSay) {
  const auto e =
      load_forecast_evidence({std::string(PLASTICITY_SOURCE_DIR) + "/src/outcomes/definitions"});
  EXPECT_EQ(e.min_training_courses, 100);
  ASSERT_GE(e.base_rates.size(), 4u);
  // Each base rate's count gives back the published percentage to its printed decimal.
  const std::map<std::string, double> published{
      {"orka1", 53.6}, {"elektd", 55.4}, {"phillips2019", 59}, {"transform2", 69.3}};
  for (const auto& rate : e.base_rates) {
    const double printed = published.at(rate.id);
    const double decimals = printed == std::round(printed) ? 1 : 10;
    EXPECT_EQ(std::round(100.0 * decimals * rate.responders / rate.n) / decimals, printed)
        << rate.id;
    EXPECT_FALSE(rate.citation.empty() || rate.url.empty()) << rate.id;
  }
  EXPECT_FALSE(e.base_rates.back().n_verified);  // TRANSFORM-2's arm size: labelled unverified
  // Murrough 2013: 17 of 24 responders; sensitivity 94%, specificity 71%.
  const auto& murrough = e.rules.front();
  ASSERT_TRUE(murrough.counts);
  const TwoByTwo& t = *murrough.counts;
  EXPECT_EQ(t.signal_response + t.no_signal_response + t.signal_no_response +
                t.no_signal_no_response,
            24);
  EXPECT_EQ(std::lround(100.0 * t.signal_response / (t.signal_response + t.no_signal_response)),
            94);
  EXPECT_EQ(std::lround(100.0 * t.no_signal_no_response /
                        (t.signal_no_response + t.no_signal_no_response)),
            71);
  for (const auto& rule : e.rules) {
    EXPECT_TRUE(rule.counts || !rule.not_quantified.empty()) << rule.id;
  }
}

TEST(ForecastEvidence, AZeroCellIsRefusedByName) {
  const std::string rule =
      R"({"id": "r", "study": "s", "citation": "c", "url": "u", "read_at": "source",
          "drug": "racemic ketamine", "signal": "response_after_first", "summary": "x",
          "two_by_two": {"signal_response": 3, "signal_no_response": 0,
                         "no_signal_response": 1, "no_signal_no_response": 4}})";
  try {
    parse_forecast_evidence(R"({"min_training_courses": 100, "end_of_induction_days": 14,
                                "improvement": 0.2, "rules": [)" +
                            rule + "]}");
    FAIL() << "accepted";
  } catch (const DefinitionError& error) {
    EXPECT_STREQ(error.what(), "/rules/0/two_by_two/signal_no_response: must be at least 1");
  }
}

}  // namespace
}  // namespace plasticity
