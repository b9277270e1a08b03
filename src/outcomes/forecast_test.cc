// The early-response forecast against worked arithmetic from the published figures, against
// cohorts simulated from those figures (its calibration) and from a known truth (the clinic model).
#include "outcomes/forecast.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace plasticity {
namespace {

constexpr std::int64_t kDay = 86'400'000;
const UtcTime kStart = *parse_iso8601("2026-03-02T15:00:00Z");
UtcTime day(int d) { return UtcTime{kStart.epoch_ms + d * kDay}; }

OutcomeRules phq9() {
  OutcomeRules rules;
  rules.response_min_reduction = 0.5;
  rules.remission_at_most = 4;
  return rules;
}

const CourseDrug kIv{"racemic ketamine", "iv_infusion"};
const CourseDrug kNasal{"esketamine", "intranasal"};

// The shipped evidence's figures (src/outcomes/definitions/forecast_evidence.json; the interop
// tests check that file says the same).
ForecastEvidence evidence() {
  ForecastEvidence e;
  e.base_rates = {{"orka1",
                   "ORKA-1",
                   "c",
                   "u",
                   "secondary",
                   "racemic ketamine",
                   "iv_infusion",
                   "phq9",
                   {"phq9", "qids_sr16", "madrs"},
                   288,
                   537,
                   true},
                  {"elektd",
                   "ELEKT-D",
                   "c",
                   "u",
                   "source",
                   "racemic ketamine",
                   "iv_infusion",
                   "qids_sr16",
                   {"qids_sr16"},
                   108,
                   195,
                   true},
                  {"transform2",
                   "TRANSFORM-2",
                   "c",
                   "u",
                   "secondary",
                   "esketamine",
                   "intranasal",
                   "madrs",
                   {"madrs", "phq9"},
                   79,
                   114,
                   false}};
  EvidenceRule murrough;
  murrough.id = "murrough";
  murrough.study = "Murrough 2013";
  murrough.drug = "racemic ketamine";
  murrough.signal = EarlySignal::response_after_first;
  murrough.counts = TwoByTwo{16, 2, 1, 5};
  EvidenceRule crtc;
  crtc.id = "crtc";
  crtc.drug = "racemic ketamine";
  crtc.signal = EarlySignal::improvement_after_first_or_second;
  crtc.not_quantified = "not a likelihood ratio";
  EvidenceRule tp;
  tp.id = "tp2024";
  tp.drug = "racemic ketamine";
  tp.signal = EarlySignal::no_improvement_through_third;
  tp.not_quantified = "no specificity";
  e.rules = {murrough, crtc, tp};
  return e;
}

// A course of `sessions` planned sessions on days 0, 3, 7, 10, ...; a baseline the day before;
// `after[k]` the total assessed the day after session k + 1 (none: not assessed).
CohortPatient course(const std::string& id, int baseline, std::vector<std::optional<int>> after,
                     int planned, const std::string& protocol = "iv_ketamine") {
  CohortPatient p;
  p.id = id;
  p.plan_confirmed = true;
  p.planned_sessions = planned;
  p.completed_sessions = planned;
  p.assessments.push_back({day(-1), baseline});
  for (int k = 0; k < planned; ++k) {
    const int d = k / 2 * 7 + (k % 2) * 3;
    p.dosed.push_back({day(d), protocol});
    if (k < static_cast<int>(after.size()) && after[static_cast<std::size_t>(k)]) {
      p.assessments.push_back({day(d + 1), after[static_cast<std::size_t>(k)]});
    }
  }
  return p;
}

CourseProgress progress(const CohortPatient& p) { return course_progress(p, phq9(), evidence()); }

TEST(CourseProgress, ReadsTheDropAfterEachSessionAndTheEndOfInduction) {
  const auto c = progress(course("A", 20, {16, std::nullopt, 12, 8}, 4));
  EXPECT_EQ(c.baseline_total, 20);
  EXPECT_EQ(c.sessions_so_far, 4);
  ASSERT_EQ(c.drop_after.size(), 4u);
  EXPECT_DOUBLE_EQ(*c.drop_after[0], 0.2);
  EXPECT_FALSE(c.drop_after[1]);
  EXPECT_DOUBLE_EQ(*c.drop_after[2], 0.4);
  EXPECT_EQ(c.response_after[3], true);  // 8 is 60% below 20
  EXPECT_EQ(c.ended_in_response, true);
}

TEST(CourseProgress, TheEndAssessmentMustFallWithinTheWindowAfterTheLastInductionSession) {
  CohortPatient p = course("A", 20, {16, 14, 12}, 4);
  p.assessments.push_back({day(10 + 15), 6});  // session 4 on day 10; 15 days later is too late
  EXPECT_FALSE(progress(p).ended_in_response);
  p.completed_sessions = 3;  // an unfinished induction has no end
  p.assessments.back().at = day(11);
  EXPECT_FALSE(progress(p).ended_in_response);
}

// The worked arithmetic: ORKA-1 288/537 as prior odds; Murrough's LR+ = (16/17)/(2/7),
// LR− = (1/17)/(5/7); log-odds variance 1/288 + 1/249 plus Simel's for the ratio.
TEST(PublishedForecast, UpdatesTheBaseRateByTheFirstInfusionRule) {
  const double prior_odds = 288.0 / 249.0;
  const double z = 1.959963984540054;
  auto expected = [&](double ratio, double ratio_variance) {
    const double eta = std::log(prior_odds * ratio);
    const double se = std::sqrt(1.0 / 288 + 1.0 / 249 + ratio_variance);
    return std::array<double, 3>{1 / (1 + std::exp(-eta)), 1 / (1 + std::exp(-(eta - z * se))),
                                 1 / (1 + std::exp(-(eta + z * se)))};
  };
  const auto responder =
      published_forecast(progress(course("A", 20, {9}, 6)), kIv, "phq9", evidence());
  const auto plus = expected((16.0 / 17) / (2.0 / 7), 1.0 / 16 - 1.0 / 17 + 1.0 / 2 - 1.0 / 7);
  ASSERT_TRUE(responder.probability);
  EXPECT_NEAR(*responder.probability, plus[0], 1e-12);
  EXPECT_NEAR(*responder.probability, 0.7921, 1e-4);
  EXPECT_NEAR(responder.lower, plus[1], 1e-12);
  EXPECT_NEAR(responder.upper, plus[2], 1e-12);
  EXPECT_EQ(responder.landmark_session, 1);
  EXPECT_EQ(responder.base_rate->id, "orka1");
  ASSERT_EQ(responder.rules.size(), 3u);
  EXPECT_TRUE(responder.rules[0].applies);
  EXPECT_EQ(responder.rules[0].finding, "in response after session 1");
  EXPECT_FALSE(responder.rules[1].applies);  // shown, never in the number
  EXPECT_EQ(responder.rules[1].finding, "at least 20% below baseline after session 1 or 2");

  const auto non_responder =
      published_forecast(progress(course("B", 20, {15}, 6)), kIv, "phq9", evidence());
  const auto minus = expected((1.0 / 17) / (5.0 / 7), 1.0 / 1 - 1.0 / 17 + 1.0 / 5 - 1.0 / 7);
  EXPECT_NEAR(*non_responder.probability, minus[0], 1e-12);
  EXPECT_NEAR(*non_responder.probability, 0.0870, 1e-4);
  EXPECT_NEAR(non_responder.lower, minus[1], 1e-12);
  EXPECT_NEAR(non_responder.upper, minus[2], 1e-12);
  EXPECT_NE(non_responder.message.find("Murrough 2013's rule (not in response after session 1"),
            std::string::npos)
      << non_responder.message;
}

TEST(PublishedForecast, ChoosesTheStudyOnTheSameInstrumentAndDrug) {
  const auto qids =
      published_forecast(progress(course("A", 20, {15}, 6)), kIv, "qids_sr16", evidence());
  EXPECT_EQ(qids.base_rate->id, "elektd");
  // Esketamine: TRANSFORM-2's unverified n is labelled; Murrough's ketamine rule is not used.
  const auto nasal = published_forecast(progress(course("B", 20, {15}, 6, "esketamine")), kNasal,
                                        "phq9", evidence());
  EXPECT_EQ(nasal.base_rate->id, "transform2");
  EXPECT_FALSE(nasal.rules[0].applies);
  EXPECT_EQ(nasal.rules[0].reason, "studied with racemic ketamine, not esketamine");
  EXPECT_NEAR(*nasal.probability, 79.0 / 114, 1e-12);
  EXPECT_NE(nasal.message.find("n = 114, unverified"), std::string::npos) << nasal.message;
}

TEST(PublishedForecast, SaysNotEnoughDataRatherThanGuess) {
  const auto no_follow_up =
      published_forecast(progress(course("A", 20, {}, 6)), kIv, "phq9", evidence());
  EXPECT_FALSE(no_follow_up.probability);
  EXPECT_EQ(no_follow_up.message, "Not enough data: no assessment after a dosing session yet.");
  EXPECT_EQ(no_follow_up.rules[0].reason, "not yet: no assessment after session 1 yet");
  const auto ptsd = published_forecast(progress(course("B", 40, {30}, 6)), kIv, "pcl5", evidence());
  EXPECT_FALSE(ptsd.probability);
  EXPECT_EQ(ptsd.message,
            "Not enough data: no published cohort of racemic ketamine (iv_infusion) measured on a "
            "scale that stands for pcl5.");
  CohortPatient late = course("C", 20, {10}, 6);
  late.assessments.front().at = day(-40);  // outside the 30-day window: no baseline
  EXPECT_FALSE(published_forecast(progress(late), kIv, "phq9", evidence()).probability);
}

TEST(PublishedForecast, ACourseThatChangedAfterTheFirstInfusionGetsNoPublishedFigure) {
  // Not in response after session 1 (15), in response after session 3 (9): the first-infusion
  // rule no longer describes the course, and the base rate alone would understate it.
  const auto later =
      published_forecast(progress(course("A", 20, {15, 12, 9}, 6)), kIv, "phq9", evidence());
  EXPECT_FALSE(later.probability);
  EXPECT_EQ(later.message,
            "Not enough data: in response after session 3, unlike after session 1; the published "
            "evidence gives no figure for a course that changed after its first infusion.");
  EXPECT_FALSE(later.rules[0].applies);
  EXPECT_EQ(later.rules[0].reason, "the course changed since: in response after session 3");
  // Unchanged since session 1: the same figure, saying what it reads.
  const auto steady =
      published_forecast(progress(course("B", 20, {15, 14, 16}, 6)), kIv, "phq9", evidence());
  EXPECT_NEAR(*steady.probability, 0.0870, 1e-4);
  EXPECT_NE(steady.message.find("; sessions 2 to 3 left that unchanged and add nothing the "
                                "evidence quantifies."),
            std::string::npos)
      << steady.message;
}

TEST(PublishedForecast, NoImprovementThroughTheThirdSessionIsReadButNotUsed) {
  const auto f =
      published_forecast(progress(course("A", 20, {18, 17, 17}, 6)), kIv, "phq9", evidence());
  EXPECT_EQ(f.rules[2].finding, "less than 20% below baseline after each of sessions 1 to 3");
  EXPECT_FALSE(f.rules[2].applies);
  EXPECT_EQ(f.landmark_session, 3);
}

// A cohort drawn from the published figures themselves (ORKA-1's rate, Murrough's sensitivity
// and specificity): among the early responders and the rest, the share that ends in response
// must match the forecast within three binomial standard errors.
TEST(PublishedForecast, IsCalibratedOnACohortSimulatedFromThePublishedFigures) {
  std::mt19937 random(20261203);
  std::bernoulli_distribution responds(288.0 / 537), early_if_responder(16.0 / 17),
      early_if_not(2.0 / 7);
  struct Tally {
    double predicted = 0;
    int n = 0, responded = 0;
  };
  std::map<bool, Tally> by_signal;
  for (int i = 0; i < 6000; ++i) {
    const bool end = responds(random);
    const bool early = end ? early_if_responder(random) : early_if_not(random);
    const auto c = progress(course("P" + std::to_string(i), 20,
                                   {early ? 9 : 15, std::nullopt, std::nullopt, end ? 8 : 15}, 4));
    ASSERT_EQ(c.ended_in_response, end);
    const auto f = published_forecast(c, kIv, "phq9", evidence());
    Tally& t = by_signal[early];
    t.predicted = *f.probability;
    t.n += 1;
    t.responded += end;
  }
  for (const auto& [early, t] : by_signal) {
    const double observed = static_cast<double>(t.responded) / t.n;
    const double se = std::sqrt(t.predicted * (1 - t.predicted) / t.n);
    EXPECT_LT(std::abs(observed - t.predicted), 3 * se)
        << (early ? "early responders" : "the rest") << ": observed " << observed << ", predicted "
        << t.predicted << ", n " << t.n;
  }
}

// A clinic whose courses end in response when the latent improvement reaches half the baseline;
// early drops carry that improvement with noise. The model must rank and calibrate out of fold.
std::vector<CourseProgress> simulated_clinic(int courses, unsigned seed) {
  std::mt19937 random(seed);
  std::normal_distribution<double> latent(0.35, 0.25), noise(0, 0.08);
  std::uniform_int_distribution<int> baseline(12, 26);
  std::bernoulli_distribution second_protocol(0.3);
  std::vector<CourseProgress> result;
  for (int i = 0; i < courses; ++i) {
    const int b = baseline(random);
    const double u = latent(random);
    std::vector<std::optional<int>> after;
    for (int k = 1; k <= 6; ++k) {
      const double drop = std::clamp(u * k / 6 + noise(random), -0.3, 1.0);
      after.push_back(std::clamp(static_cast<int>(std::lround(b * (1 - drop))), 0, 27));
    }
    result.push_back(progress(course("C" + std::to_string(1000 + i), b, after, 6,
                                     second_protocol(random) ? "im_ketamine" : "iv_ketamine")));
  }
  return result;
}

TEST(ClinicModel, WaitsForEnoughCompletedCourses) {
  const auto fit = fit_forecast_model(simulated_clinic(60, 1), {}, "phq9", evidence());
  EXPECT_FALSE(fit.model);
  EXPECT_EQ(fit.completed_courses, 60);
  EXPECT_EQ(fit.reason,
            "60 completed courses with an end-of-induction assessment; the clinic model needs "
            "100");
}

TEST(ClinicModel, RanksAndCalibratesOutOfFold) {
  const auto courses = simulated_clinic(400, 7);
  const auto fit = fit_forecast_model(courses, {{"iv_ketamine", kIv}}, "phq9", evidence());
  ASSERT_TRUE(fit.model) << fit.reason;
  const ForecastModel& m = *fit.model;
  EXPECT_EQ(m.features,
            (std::vector<std::string>{"intercept", "drop_latest", "drop_first", "baseline_total",
                                      "sessions_so_far", "protocol:im_ketamine"}));
  EXPECT_EQ(m.training_courses, 400);
  EXPECT_EQ(m.training_rows, 400 * 5);  // after sessions 1 to 5 of 6
  // The latest drop carries the signal: its coefficient is far from zero.
  EXPECT_GT(m.fit.coefficients(1) / m.fit.standard_error(1), 5);
  ASSERT_TRUE(m.cv_auc);
  EXPECT_GT(*m.cv_auc, 0.85);
  int counted = 0;
  for (const auto& bin : m.calibration) {
    counted += bin.count;
    const double se = std::sqrt(std::max(bin.predicted * (1 - bin.predicted), 0.01) / bin.count);
    EXPECT_LT(std::abs(bin.observed - bin.predicted), 4 * se)
        << "bin at " << bin.predicted << ": observed " << bin.observed;
  }
  EXPECT_EQ(counted, m.training_rows);
  EXPECT_EQ(m.calibration.size(), 10u);
  // Beside it, the published forecast on the IV rows it can read (after session 1 onwards).
  EXPECT_GT(m.published_rows, 0);
  EXPECT_LT(m.cv_brier, *m.published_brier);

  // A new course forecast by the model: a large early drop beats a small one.
  const auto good = progress(course("N1", 20, {12, 9}, 6));
  const auto poor = progress(course("N2", 20, {19, 19}, 6));
  std::optional<Forecast> comparison;
  const auto f = forecast_course(good, kIv, "phq9", evidence(), &fit, &comparison);
  EXPECT_EQ(f.basis, "clinic_model");
  EXPECT_EQ(f.training_courses, 400);
  ASSERT_TRUE(comparison);
  EXPECT_EQ(comparison->basis, "published_evidence");
  EXPECT_GT(*f.probability, *forecast_course(poor, kIv, "phq9", evidence(), &fit).probability);
  EXPECT_LT(f.lower, *f.probability);
  EXPECT_GT(f.upper, *f.probability);
  EXPECT_NE(f.message.find("from 400 completed courses in this clinic"), std::string::npos);
}

TEST(ClinicModel, AnInductionAlreadyJudgedIsReportedNotForecast) {
  const auto done = progress(course("D", 20, {15, 12, 9, 8}, 4));
  const auto f = forecast_course(done, kIv, "phq9", evidence(), nullptr);
  EXPECT_FALSE(f.probability);
  EXPECT_EQ(f.message, "The induction has ended: in response at its end-of-induction assessment.");
}

}  // namespace
}  // namespace plasticity
