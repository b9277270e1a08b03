// Refitting the clinic's forecast model (outcomes/forecast.h) on synthetic completed courses:
// six-infusion inductions with a PHQ-9 after each, a third responding. For each size it prints
// the time to read the courses (course_progress) and to fit the model with its 10-fold
// cross-validation and the published-evidence comparison, and the ratio to one bare logistic
// fit (fit_logistic) of the same rows measured in the same run: the cross-validation costs
// about eleven fits, so a ratio near 11–15 says nothing else is slow. Target: 10,000 courses
// refitted in under 2 s (it runs nightly and on an admin's demand, never per request).
//   forecast_bench [courses..., default 1000 10000]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

#include "outcomes/forecast.h"

using namespace plasticity;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::int64_t kDay = 86'400'000;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

std::vector<CohortPatient> clinic(int courses) {
  std::mt19937_64 random{20261203};
  std::normal_distribution<double> latent(0.35, 0.25), noise(0, 0.08);
  const UtcTime start = *parse_iso8601("2021-01-04T15:00:00Z");
  std::vector<CohortPatient> patients;
  for (int i = 0; i < courses; ++i) {
    CohortPatient p;
    p.id = "p" + std::to_string(i);
    p.plan_confirmed = true;
    p.planned_sessions = p.completed_sessions = 6;
    const std::int64_t day0 = start.epoch_ms + (i * 5LL * 365 * kDay) / courses;
    const int baseline = 14 + static_cast<int>(random() % 13);
    const double u = latent(random);
    p.assessments.push_back({UtcTime{day0 - kDay}, baseline});
    for (int k = 0; k < 6; ++k) {
      const std::int64_t dose = day0 + (k / 2 * 7 + k % 2 * 3) * kDay;
      p.dosed.push_back({UtcTime{dose}, i % 4 ? "iv_ketamine" : "im_ketamine"});
      const double drop = std::clamp(u * (k + 1) / 6 + noise(random), -0.3, 1.0);
      p.assessments.push_back(
          {UtcTime{dose + kDay}, std::clamp(static_cast<int>(baseline * (1 - drop)), 0, 27)});
    }
    patients.push_back(std::move(p));
  }
  return patients;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<int> sizes;
  for (int i = 1; i < argc; ++i) sizes.push_back(std::atoi(argv[i]));
  if (sizes.empty()) sizes = {1000, 10000};
  OutcomeRules phq9;
  phq9.response_min_reduction = 0.5;
  ForecastEvidence evidence;
  evidence.base_rates = {{"orka1",
                          "ORKA-1",
                          "",
                          "",
                          "secondary",
                          "racemic ketamine",
                          "iv_infusion",
                          "phq9",
                          {"phq9"},
                          288,
                          537,
                          true}};
  const std::map<std::string, CourseDrug> drugs{
      {"iv_ketamine", {"racemic ketamine", "iv_infusion"}}};
  std::printf("%8s %10s %12s %12s %8s\n", "courses", "read ms", "refit ms", "one fit ms", "ratio");
  for (const int n : sizes) {
    const auto patients = clinic(n);
    auto t = Clock::now();
    std::vector<CourseProgress> courses;
    for (const auto& p : patients) courses.push_back(course_progress(p, phq9, evidence));
    const double read = ms_since(t);
    t = Clock::now();
    const ModelFit fit = fit_forecast_model(courses, drugs, "phq9", evidence);
    const double refit = ms_since(t);
    if (!fit.model) {
      std::printf("no model: %s\n", fit.reason.c_str());
      return 1;
    }
    // The baseline: one fit of the same design, built outside the timing.
    const auto& m = *fit.model;
    Eigen::MatrixXd design(m.training_rows, static_cast<Eigen::Index>(m.features.size()));
    Eigen::VectorXd outcome(m.training_rows);
    std::vector<int> cluster;
    Eigen::Index r = 0;
    for (std::size_t c = 0; c < courses.size(); ++c) {
      const auto& course = courses[c];
      for (int k = 1; k < course.induction_sessions; ++k) {
        const double first = *course.drop_after[0];
        design.row(r) << 1.0, *course.drop_after[static_cast<std::size_t>(k - 1)], first,
            *course.baseline_total, k, course.protocol_id == "im_ketamine" ? 1.0 : 0.0;
        outcome(r) = *course.ended_in_response ? 1 : 0;
        cluster.push_back(static_cast<int>(c));
        ++r;
      }
    }
    t = Clock::now();
    const auto one = fit_logistic(design, outcome, cluster);
    const double single = ms_since(t);
    std::printf("%8d %10.1f %12.1f %12.1f %8.1f   (AUC %.3f, %d rows)%s\n", n, read, refit, single,
                refit / single, m.cv_auc.value_or(0), m.training_rows,
                one ? "" : "  [baseline fit failed]");
  }
  return 0;
}
