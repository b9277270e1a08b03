#include "outcomes/outcome_report.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <functional>

#include "outcomes/trajectory.h"

namespace plasticity {
namespace {

constexpr double kMillisPerDay = 86'400'000.0;
constexpr int kSessionsShown = 12;  // response by infusion number: sessions 1 to 12

double days_between(UtcTime from, UtcTime to) {
  return static_cast<double>(to.epoch_ms - from.epoch_ms) / kMillisPerDay;
}

// One patient's series judged from the product's baseline.
struct Course {
  const CohortPatient* patient = nullptr;
  std::optional<std::size_t> baseline;
  CalendarDate baseline_date;
  int age_at_baseline = 0;
  std::vector<TrajectoryPoint> points;

  std::string first_protocol() const {
    return patient->dosed.empty() ? "" : patient->dosed.front().protocol_id;
  }
  std::vector<std::size_t> follow_ups() const {
    std::vector<std::size_t> after;
    for (std::size_t i = *baseline + 1; i < points.size(); ++i) after.push_back(i);
    return after;
  }
  UtcTime at(std::size_t i) const { return patient->assessments[i].at; }
};

Course judge(const CohortPatient& patient, const ReportSettings& settings) {
  Course course;
  course.patient = &patient;
  const auto first_dose =
      patient.dosed.empty() ? std::nullopt : std::optional(patient.dosed.front().dosed_at);
  course.baseline = baseline_index(patient.assessments, first_dose, settings.baseline_window_days);
  if (!course.baseline) return course;
  std::vector<std::optional<int>> totals;
  for (const auto& a : patient.assessments) totals.push_back(a.total);
  course.points = classify_trajectory(settings.rules, totals, course.baseline);
  course.baseline_date = settings.zone.to_local(patient.assessments[*course.baseline].at).date;
  course.age_at_baseline = whole_years_between(patient.birth_date, course.baseline_date);
  return course;
}

bool has_indication(const CohortPatient& patient, const std::string& prefix) {
  auto upper = [](std::string text) {
    for (auto& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return text;
  };
  const std::string wanted = upper(prefix);
  return std::any_of(patient.diagnosis_codes.begin(), patient.diagnosis_codes.end(),
                     [&](const std::string& code) { return upper(code).starts_with(wanted); });
}

// The filters the flow uses: who the patient is, not what happened to them.
bool in_population(const CohortPatient& patient, const CohortFilter& filter) {
  return (filter.indication.empty() || has_indication(patient, filter.indication)) &&
         (filter.sex_at_birth.empty() || patient.sex_at_birth == filter.sex_at_birth);
}

bool in_analysis(const Course& course, const CohortFilter& filter) {
  if (!course.baseline || !in_population(*course.patient, filter)) return false;
  if (filter.baseline_from && course.baseline_date < *filter.baseline_from) return false;
  if (filter.baseline_to && *filter.baseline_to < course.baseline_date) return false;
  if (filter.treated_only && course.patient->dosed.empty()) return false;
  if (!filter.protocol.empty() && course.first_protocol() != filter.protocol) return false;
  return filter.age_band.empty() || age_band(course.age_at_baseline) == filter.age_band;
}

// Response by infusion number: the first follow-up after session k and before session k + 1.
void count_by_session(const Course& course, std::vector<SessionResponse>& by_session) {
  const auto& dosed = course.patient->dosed;
  const auto follow_ups = course.follow_ups();
  for (std::size_t k = 0; k < dosed.size() && k < static_cast<std::size_t>(kSessionsShown); ++k) {
    const UtcTime from = dosed[k].dosed_at;
    const bool last = k + 1 == dosed.size();
    const UtcTime until = last ? UtcTime{INT64_MAX} : dosed[k + 1].dosed_at;
    for (const auto i : follow_ups) {
      if (course.at(i) < from || !(course.at(i) < until)) continue;
      if (by_session.size() <= k) by_session.resize(k + 1);
      by_session[k].assessed += 1;
      by_session[k].in_response += course.points[i].response.value_or(false);
      break;
    }
  }
}

// `to_response` receives the time-to-response observations (for the log-rank test).
OutcomeBlock analyse(const std::vector<const Course*>& courses,
                     std::vector<Observation>* to_response_out = nullptr) {
  OutcomeBlock block;
  int responded = 0, remitted = 0, last_in_response = 0;
  std::vector<Observation> to_response, durations;
  for (const Course* course : courses) {
    ++block.patients_with_baseline;
    const auto follow_ups = course->follow_ups();
    if (follow_ups.empty()) continue;
    ++block.patients_with_follow_up;
    const UtcTime start = course->at(*course->baseline);
    std::optional<std::size_t> first_response;
    bool remission = false;
    for (const auto i : follow_ups) {
      if (!first_response && course->points[i].response.value_or(false)) first_response = i;
      remission = remission || course->points[i].remission.value_or(false);
    }
    const std::size_t last = follow_ups.back();
    const std::string& id = course->patient->id;
    if (course->points[last].response.value_or(false)) {
      ++last_in_response;
      block.patients_behind["last_response"].push_back(id);
    }
    if (remission) {
      ++remitted;
      block.patients_behind["ever_remission"].push_back(id);
    }
    if (!first_response) {
      to_response.push_back({days_between(start, course->at(last)), false});
      block.patients_behind["no_response"].push_back(id);
    } else {
      ++responded;
      block.patients_behind["ever_response"].push_back(id);
      to_response.push_back({days_between(start, course->at(*first_response)), true});
      std::optional<std::size_t> relapse;
      for (const auto i : follow_ups) {
        if (i > *first_response && course->points[i].relapse.value_or(false)) {
          relapse = i;
          break;
        }
      }
      const UtcTime responded_at = course->at(*first_response);
      durations.push_back(
          {days_between(responded_at, course->at(relapse.value_or(last))), relapse.has_value()});
    }
    count_by_session(*course, block.by_session);
  }
  const int n = block.patients_with_follow_up;
  block.ever_response = wilson(responded, n);
  block.ever_remission = wilson(remitted, n);
  block.last_response = wilson(last_in_response, n);
  block.time_to_response = kaplan_meier(to_response);
  block.median_to_response = survival_quantile(block.time_to_response);
  block.durability = kaplan_meier(durations);
  block.median_durability = survival_quantile(block.durability);
  block.in_response_day_28 = block.durability.survival_at(28);
  block.in_response_day_56 = block.durability.survival_at(56);
  for (std::size_t k = 0; k < block.by_session.size(); ++k) block.by_session[k].session = k + 1;
  if (to_response_out) *to_response_out = std::move(to_response);
  return block;
}

// The CONSORT-style flow, each step a subset of the one before, with why people stopped where
// the record says.
std::vector<FlowStep> flow(const std::vector<Course>& courses, const CohortFilter& filter) {
  const std::vector<std::pair<std::string, std::function<bool(const Course&)>>> steps{
      {"registered", [](const Course&) { return true; }},
      {"screened", [](const Course& c) { return c.patient->screened; }},
      {"eligible", [](const Course& c) { return c.patient->eligible; }},
      {"plan_confirmed", [](const Course& c) { return c.patient->plan_confirmed; }},
      {"dosed", [](const Course& c) { return !c.patient->dosed.empty(); }},
      {"induction_completed",
       [](const Course& c) {
         return c.patient->planned_sessions > 0 &&
                c.patient->completed_sessions >= c.patient->planned_sessions;
       }},
      {"with_baseline", [](const Course& c) { return c.baseline.has_value(); }},
      {"with_follow_up", [](const Course& c) { return !c.follow_ups().empty(); }},
  };
  auto why_not = [](const std::string& next, const Course& c) -> std::string {
    const CohortPatient& p = *c.patient;
    if (next == "screened") return "not screened";
    if (next == "eligible") return "not approved at sign-off";
    if (next == "plan_confirmed") return "no confirmed plan";
    if (next == "dosed") return p.aborted_sessions > 0 ? "session aborted" : "not dosed yet";
    if (next == "induction_completed") {
      if (p.futility_review) return "futility review";
      if (p.aborted_sessions > 0) return "session aborted";
      return "course not finished";
    }
    if (next == "with_baseline") return "no baseline in the window";
    return "no follow-up";
  };
  std::vector<const Course*> reached;
  for (const auto& c : courses) {
    if (in_population(*c.patient, filter)) reached.push_back(&c);
  }
  std::vector<FlowStep> result;
  for (std::size_t s = 0; s < steps.size(); ++s) {
    std::vector<const Course*> next;
    for (const Course* c : reached) {
      if (steps[s].second(*c)) next.push_back(c);
    }
    if (!result.empty()) {
      for (const Course* c : reached) {
        if (!steps[s].second(*c)) result.back().left_because[why_not(steps[s].first, *c)] += 1;
      }
    }
    result.push_back({steps[s].first, static_cast<int>(next.size()), {}});
    reached = std::move(next);
  }
  return result;
}

std::string group_key(const Course& course, GroupBy by) {
  switch (by) {
    case GroupBy::protocol:
      return course.first_protocol().empty() ? "untreated" : course.first_protocol();
    case GroupBy::indication:
      return course.patient->diagnosis_codes.empty()
                 ? "none"
                 : course.patient->diagnosis_codes.front().substr(0, 3);
    case GroupBy::sex:
      return course.patient->sex_at_birth;
    case GroupBy::age_band:
      return age_band(course.age_at_baseline);
    case GroupBy::none:
      break;
  }
  return "";
}

}  // namespace

std::string age_band(int years) {
  if (years < 18) return "<18";
  if (years >= 65) return "65+";
  if (years < 25) return "18-24";
  const int low = (years - 5) / 10 * 10 + 5;  // 25-34, 35-44, 45-54, 55-64
  return std::to_string(low) + "-" + std::to_string(low + 9);
}

const std::vector<std::string>& patient_figures() {
  static const std::vector<std::string> figures{"ever_response", "ever_remission", "last_response",
                                                "no_response"};
  return figures;
}

const std::vector<std::string>& age_bands() {
  static const std::vector<std::string> bands{"<18",   "18-24", "25-34", "35-44",
                                              "45-54", "55-64", "65+"};
  return bands;
}

OutcomeReport build_outcome_report(const std::vector<CohortPatient>& cohort,
                                   const CohortFilter& filter, GroupBy group_by,
                                   const ReportSettings& settings) {
  std::vector<Course> courses;
  courses.reserve(cohort.size());
  for (const auto& patient : cohort) courses.push_back(judge(patient, settings));
  std::vector<const Course*> analysed;
  for (const auto& c : courses) {
    if (in_analysis(c, filter)) analysed.push_back(&c);
  }
  OutcomeReport report;
  report.all = analyse(analysed);
  report.flow = flow(courses, filter);
  if (group_by == GroupBy::none) return report;
  std::map<std::string, std::vector<const Course*>> groups;
  for (const Course* c : analysed) groups[group_key(*c, group_by)].push_back(c);
  std::vector<std::vector<Observation>> times;
  for (const auto& [key, members] : groups) {
    times.emplace_back();
    report.groups.push_back({key, analyse(members, &times.back())});
  }
  report.log_rank = log_rank(times);
  return report;
}

}  // namespace plasticity
