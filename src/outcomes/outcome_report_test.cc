// The outcome report on a five-patient clinic whose every figure is worked out by hand from the
// definitions (docs/outcomes.md): PHQ-9 response is a fall of at least half from baseline,
// remission a total of 4 or less, relapse two totals in a row above the response threshold.
#include "outcomes/outcome_report.h"

#include <gtest/gtest.h>

namespace plasticity {
namespace {

UtcTime at(const std::string& date) { return *parse_iso8601(date + "T15:00:00Z"); }

OutcomeRules phq9() {
  OutcomeRules rules;
  rules.response_min_reduction = 0.5;
  rules.remission_at_most = 4;
  rules.relapse_consecutive = 2;
  return rules;
}

CohortPatient patient(const std::string& id) {
  CohortPatient p;
  p.id = id;
  p.sex_at_birth = "female";
  p.birth_date = {1980, 6, 1};
  p.diagnosis_codes = {"F33.1"};
  return p;
}

CohortPatient through_plan(CohortPatient p, int planned, int completed) {
  p.screened = p.eligible = p.plan_confirmed = true;
  p.planned_sessions = planned;
  p.completed_sessions = completed;
  return p;
}

std::vector<CohortPatient> clinic() {
  // A: IV course of four; responds on day 10 (20 → 9), remits (4); still in response at the end.
  CohortPatient a = through_plan(patient("A"), 4, 4);
  for (auto d : {"2026-01-10", "2026-01-13", "2026-01-16", "2026-01-20"}) {
    a.dosed.push_back({at(d), "iv_ketamine"});
  }
  a.assessments = {
      {at("2026-01-05"), 20}, {at("2026-01-12"), 12}, {at("2026-01-15"), 9}, {at("2026-01-22"), 4}};
  // B: one esketamine session, a futility review; never responds (18 → 14), followed 12 days.
  CohortPatient b = through_plan(patient("B"), 6, 1);
  b.sex_at_birth = "male";
  b.futility_review = true;
  b.dosed = {{at("2026-01-10"), "esketamine_nasal"}};
  b.assessments = {{at("2026-01-09"), 18}, {at("2026-01-14"), 15}, {at("2026-01-21"), 14}};
  // C: never treated here; responds on day 7 (16 → 7), relapses on day 21 (12, then 13).
  CohortPatient c = patient("C");
  c.birth_date = {2000, 1, 1};
  c.diagnosis_codes = {"F43.10"};
  c.assessments = {{at("2026-02-01"), 16},
                   {at("2026-02-08"), 7},
                   {at("2026-02-15"), 12},
                   {at("2026-02-22"), 13}};
  // D: dosed, but its only earlier assessment is months before: no baseline.
  CohortPatient d = through_plan(patient("D"), 1, 1);
  d.dosed = {{at("2026-01-10"), "iv_ketamine"}};
  d.assessments = {{at("2025-11-01"), 22}, {at("2026-01-20"), 10}};
  // E: registered, nothing else.
  return {a, b, c, d, patient("E")};
}

const ClinicTimeZone& new_york() {
  static const auto zone = *ClinicTimeZone::locate("America/New_York");
  return zone;
}

OutcomeReport report(const CohortFilter& filter = {}, GroupBy by = GroupBy::none) {
  static const OutcomeRules rules = phq9();
  return build_outcome_report(clinic(), filter, by, {rules, new_york()});
}

TEST(OutcomeReport, ProportionsCountPatientsWithABaselineAndAFollowUp) {
  const auto r = report();
  EXPECT_EQ(r.all.patients_with_baseline, 3);  // A, B, C
  EXPECT_EQ(r.all.patients_with_follow_up, 3);
  EXPECT_EQ((std::pair{r.all.ever_response.count, r.all.ever_response.denominator}),
            (std::pair{2, 3}));
  EXPECT_EQ(r.all.ever_remission.count, 1);
  EXPECT_EQ(r.all.last_response.count, 1) << "C had relapsed by the last follow-up";
  EXPECT_EQ(r.all.patients_behind.at("ever_response"), (std::vector<std::string>{"A", "C"}));
  EXPECT_EQ(r.all.patients_behind.at("ever_remission"), (std::vector<std::string>{"A"}));
  EXPECT_EQ(r.all.patients_behind.at("last_response"), (std::vector<std::string>{"A"}));
  EXPECT_EQ(r.all.patients_behind.at("no_response"), (std::vector<std::string>{"B"}));
}

TEST(OutcomeReport, TimeToResponseCensorsNonRespondersAtTheirLastFollowUp) {
  const auto& km = report().all.time_to_response;
  ASSERT_EQ(km.rows.size(), 3u);
  // C responds on day 7 (3 at risk), A on day 10 (2 at risk); B is censored on day 12.
  EXPECT_EQ(km.rows[0].time, 7.0);
  EXPECT_NEAR(km.rows[0].survival, 2.0 / 3, 1e-12);
  EXPECT_EQ((std::tuple{km.rows[1].time, km.rows[1].at_risk, km.rows[1].events}),
            (std::tuple{10.0, 2, 1}));
  EXPECT_NEAR(km.rows[1].survival, 1.0 / 3, 1e-12);
  EXPECT_EQ((std::tuple{km.rows[2].time, km.rows[2].censored}), (std::tuple{12.0, 1}));
  EXPECT_EQ(report().all.median_to_response.time, 10.0);
}

TEST(OutcomeReport, DurabilityRunsFromFirstResponseToRelapse) {
  const auto r = report();
  const auto& km = r.all.durability;
  ASSERT_EQ(km.rows.size(), 2u);
  EXPECT_EQ((std::tuple{km.rows[0].time, km.rows[0].censored}), (std::tuple{7.0, 1}));  // A
  EXPECT_EQ((std::tuple{km.rows[1].time, km.rows[1].events}), (std::tuple{14.0, 1}));   // C
  EXPECT_EQ(km.rows[1].survival, 0.0);
  EXPECT_FALSE(r.all.in_response_day_28.has_value()) << "nobody followed to day 28";
}

TEST(OutcomeReport, ResponseByInfusionNumberTakesTheFirstAssessmentBeforeTheNextSession) {
  const auto by = report().all.by_session;
  ASSERT_EQ(by.size(), 4u);
  auto row = [](const SessionResponse& s) {
    return std::tuple{s.session, s.assessed, s.in_response};
  };
  EXPECT_EQ(row(by[0]), (std::tuple{1, 2, 0}));  // A on Jan 12, B on Jan 14
  EXPECT_EQ(row(by[1]), (std::tuple{2, 1, 1}));  // A on Jan 15
  EXPECT_EQ(row(by[2]), (std::tuple{3, 0, 0}));  // nobody between Jan 16 and Jan 20
  EXPECT_EQ(row(by[3]), (std::tuple{4, 1, 1}));  // A on Jan 22
}

TEST(OutcomeReport, TheFlowIsNestedAndSaysWhyPeopleStopped) {
  const auto flow = report().flow;
  std::vector<std::pair<std::string, int>> counts;
  for (const auto& step : flow) counts.emplace_back(step.step, step.count);
  EXPECT_EQ(counts, (std::vector<std::pair<std::string, int>>{{"registered", 5},
                                                              {"screened", 3},
                                                              {"eligible", 3},
                                                              {"plan_confirmed", 3},
                                                              {"dosed", 3},
                                                              {"induction_completed", 2},
                                                              {"with_baseline", 1},
                                                              {"with_follow_up", 1}}));
  EXPECT_EQ(flow[0].left_because, (std::map<std::string, int>{{"not screened", 2}}));
  EXPECT_EQ(flow[4].left_because, (std::map<std::string, int>{{"futility review", 1}}));
  EXPECT_EQ(flow[5].left_because, (std::map<std::string, int>{{"no baseline in the window", 1}}));
}

TEST(OutcomeReport, FiltersChooseWhoIsAnalysed) {
  CohortFilter treated;
  treated.treated_only = true;
  EXPECT_EQ(report(treated).all.patients_with_baseline, 2);
  CohortFilter iv;
  iv.protocol = "iv_ketamine";
  EXPECT_EQ(report(iv).all.patients_with_baseline, 1);
  CohortFilter february;
  february.baseline_from = CalendarDate{2026, 2, 1};
  EXPECT_EQ(report(february).all.patients_behind.at("ever_response"),
            (std::vector<std::string>{"C"}));
  CohortFilter ptsd;
  ptsd.indication = "f43";
  EXPECT_EQ(report(ptsd).all.patients_with_baseline, 1);
  EXPECT_EQ(report(ptsd).flow.front().count, 1) << "the flow is of the indication's patients";
  CohortFilter young;
  young.age_band = "25-34";  // C was 26 at baseline; A and B 45
  EXPECT_EQ(report(young).all.patients_behind.at("ever_response"), (std::vector<std::string>{"C"}));
}

TEST(OutcomeReport, GroupsGetEveryBlockAndALogRankTest) {
  const auto r = report({}, GroupBy::protocol);
  std::vector<std::string> keys;
  for (const auto& g : r.groups) keys.push_back(g.key);
  EXPECT_EQ(keys, (std::vector<std::string>{"esketamine_nasal", "iv_ketamine", "untreated"}));
  EXPECT_EQ(r.groups[1].block.ever_response.count, 1);
  ASSERT_TRUE(r.log_rank.has_value());
  EXPECT_EQ(r.log_rank->degrees_of_freedom, 2);  // every group was at risk at a response
}

TEST(AgeBand, NationalHealthStatisticsBands) {
  std::vector<std::string> bands;
  for (int years : {17, 18, 24, 25, 34, 35, 44, 45, 54, 55, 64, 65, 90})
    bands.push_back(age_band(years));
  EXPECT_EQ(bands,
            (std::vector<std::string>{"<18", "18-24", "18-24", "25-34", "25-34", "35-44", "35-44",
                                      "45-54", "45-54", "55-64", "55-64", "65+", "65+"}));
}

}  // namespace
}  // namespace plasticity
