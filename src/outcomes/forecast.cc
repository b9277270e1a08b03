#include "outcomes/forecast.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <numeric>

#include "outcomes/baseline.h"
#include "outcomes/normal.h"
#include "outcomes/trajectory.h"

namespace plasticity {
namespace {

constexpr std::int64_t kMillisPerDay = 86'400'000;
constexpr int kCalibrationBins = 10;
// A protocol gets its own term once this many training courses used it; rarer ones share the
// most common protocol's, so that a handful of courses cannot separate the data.
constexpr int kMinCoursesPerProtocol = 10;

std::string percent(double p) {
  return std::to_string(static_cast<int>(std::lround(100 * p))) + "%";
}

// "53.6%": a published rate as the paper prints it.
std::string tenths_percent(double p) {
  char text[16];
  std::snprintf(text, sizeof text, "%.1f%%", 100 * p);
  return text;
}

double logit(double p) { return std::log(p / (1 - p)); }

// The latest session k (1-based, before the end of induction when it is known) with an
// assessment after it.
std::optional<int> latest_landmark(const CourseProgress& course) {
  int last = static_cast<int>(course.drop_after.size());
  if (course.induction_sessions > 0) last = std::min(last, course.induction_sessions - 1);
  for (int k = last; k >= 1; --k) {
    if (course.drop_after[static_cast<std::size_t>(k - 1)]) return k;
  }
  return std::nullopt;
}

std::optional<double> first_drop(const CourseProgress& course, int up_to) {
  for (int k = 1; k <= up_to; ++k) {
    if (const auto d = course.drop_after[static_cast<std::size_t>(k - 1)]) return d;
  }
  return std::nullopt;
}

std::optional<PublishedBaseRate> choose_base_rate(const ForecastEvidence& evidence,
                                                  const CourseDrug& drug,
                                                  const std::string& instrument) {
  const PublishedBaseRate* chosen = nullptr;
  for (const auto& rate : evidence.base_rates) {
    if (rate.drug != drug.drug || rate.route != drug.route) continue;
    if (std::find(rate.stands_for.begin(), rate.stands_for.end(), instrument) ==
        rate.stands_for.end()) {
      continue;
    }
    // The study on this very instrument first, then the first listed (the largest).
    if (!chosen || (rate.measured_on == instrument && chosen->measured_on != instrument)) {
      chosen = &rate;
    }
  }
  return chosen ? std::optional(*chosen) : std::nullopt;
}

struct SignalReading {
  std::optional<bool> present;  // none: the record cannot tell yet
  std::string finding;
};

SignalReading read_signal(EarlySignal signal, const CourseProgress& course, double improvement) {
  auto drop = [&](int k) -> std::optional<double> {
    if (k > static_cast<int>(course.drop_after.size())) return std::nullopt;
    return course.drop_after[static_cast<std::size_t>(k - 1)];
  };
  const std::string threshold = percent(improvement);
  switch (signal) {
    case EarlySignal::response_after_first: {
      if (course.response_after.empty() || !course.response_after[0]) {
        return {std::nullopt, "no assessment after session 1 yet"};
      }
      return {*course.response_after[0], *course.response_after[0]
                                             ? "in response after session 1"
                                             : "not in response after session 1"};
    }
    case EarlySignal::improvement_after_first_or_second: {
      const auto d1 = drop(1), d2 = drop(2);
      if ((d1 && *d1 >= improvement) || (d2 && *d2 >= improvement)) {
        return {true, "at least " + threshold + " below baseline after session 1 or 2"};
      }
      if (!d1 || !d2) return {std::nullopt, "sessions 1 and 2 not both assessed yet"};
      return {false, "less than " + threshold + " below baseline after sessions 1 and 2"};
    }
    case EarlySignal::no_improvement_through_third: {
      for (int k = 1; k <= 3; ++k) {
        if (const auto d = drop(k); d && *d >= improvement) {
          return {false,
                  "at least " + threshold + " below baseline after session " + std::to_string(k)};
        }
      }
      if (!drop(1) || !drop(2) || !drop(3)) {
        return {std::nullopt, "sessions 1 to 3 not all assessed yet"};
      }
      return {true, "less than " + threshold + " below baseline after each of sessions 1 to 3"};
    }
  }
  return {};
}

// What either basis needs from the course before it can give a number, when it is missing.
std::optional<std::string> missing_data(const CourseProgress& course, std::optional<int> landmark) {
  if (!course.baseline_total || *course.baseline_total <= 0) {
    return "Not enough data: no baseline assessment to judge response from.";
  }
  if (!landmark) return "Not enough data: no assessment after a dosing session yet.";
  return std::nullopt;
}

void set_interval(Forecast& f, double eta, double variance) {
  f.probability = expit(eta);
  f.lower = expit(eta - z95() * std::sqrt(variance));
  f.upper = expit(eta + z95() * std::sqrt(variance));
}

std::string interval_text(const Forecast& f) {
  auto whole = [](double p) { return std::to_string(static_cast<int>(std::lround(100 * p))); };
  return percent(*f.probability) + " (95% CI " + whole(f.lower) + "–" + percent(f.upper) + ")";
}

// The design row of a course after session `k`: the columns of ForecastModel::features.
Eigen::VectorXd design_row(const CourseProgress& course, int k,
                           const std::vector<std::string>& protocol_features) {
  Eigen::VectorXd x(5 + static_cast<Eigen::Index>(protocol_features.size()));
  x << 1.0, *course.drop_after[static_cast<std::size_t>(k - 1)], *first_drop(course, k),
      static_cast<double>(*course.baseline_total), static_cast<double>(k),
      Eigen::VectorXd::Zero(static_cast<Eigen::Index>(protocol_features.size()));
  for (std::size_t i = 0; i < protocol_features.size(); ++i) {
    if (protocol_features[i] == course.protocol_id) x(5 + static_cast<Eigen::Index>(i)) = 1.0;
  }
  return x;
}

struct TrainingRow {
  std::size_t course = 0;  // index into the training courses
  int session = 0;
};

std::vector<CalibrationBin> calibration_bins(const std::vector<double>& predicted,
                                             const std::vector<int>& outcome) {
  std::vector<std::size_t> order(predicted.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return predicted[a] < predicted[b]; });
  const std::size_t bins = std::min<std::size_t>(kCalibrationBins, order.size());
  std::vector<CalibrationBin> result;
  for (std::size_t b = 0; b < bins; ++b) {
    const std::size_t from = b * order.size() / bins, to = (b + 1) * order.size() / bins;
    CalibrationBin bin;
    for (std::size_t i = from; i < to; ++i) {
      bin.predicted += predicted[order[i]];
      bin.observed += outcome[order[i]];
    }
    bin.count = static_cast<int>(to - from);
    bin.predicted /= bin.count;
    bin.observed /= bin.count;
    result.push_back(bin);
  }
  return result;
}

}  // namespace

CourseProgress course_progress(const CohortPatient& patient, const OutcomeRules& rules,
                               const ForecastEvidence& evidence, int baseline_window_days) {
  CourseProgress course;
  course.patient_id = patient.id;
  course.sessions_so_far = static_cast<int>(patient.dosed.size());
  course.induction_sessions = patient.planned_sessions;
  course.induction_completed = patient.planned_sessions > 0 &&
                               patient.completed_sessions >= patient.planned_sessions &&
                               course.sessions_so_far >= patient.planned_sessions;
  if (!patient.dosed.empty()) course.protocol_id = patient.dosed.front().protocol_id;
  const auto first_dose =
      patient.dosed.empty() ? std::nullopt : std::optional(patient.dosed.front().dosed_at);
  const auto baseline = baseline_index(patient.assessments, first_dose, baseline_window_days);
  if (!baseline) return course;
  course.baseline_total = patient.assessments[*baseline].total;
  if (!course.baseline_total || *course.baseline_total <= 0) return course;  // cannot improve
  std::vector<std::optional<int>> totals;
  for (const auto& a : patient.assessments) totals.push_back(a.total);
  const auto points = classify_trajectory(rules, totals, baseline);
  // The last follow-up in [from, until).
  auto last_between = [&](UtcTime from, UtcTime until) -> std::optional<std::size_t> {
    std::optional<std::size_t> found;
    for (std::size_t i = *baseline + 1; i < patient.assessments.size(); ++i) {
      const UtcTime at = patient.assessments[i].at;
      if (!(at < from) && at < until && patient.assessments[i].total) found = i;
    }
    return found;
  };
  const double base = *course.baseline_total;
  for (std::size_t k = 0; k < patient.dosed.size(); ++k) {
    const UtcTime next =
        k + 1 < patient.dosed.size() ? patient.dosed[k + 1].dosed_at : UtcTime{INT64_MAX};
    const auto i = last_between(patient.dosed[k].dosed_at, next);
    course.drop_after.push_back(i ? std::optional((base - *patient.assessments[*i].total) / base)
                                  : std::nullopt);
    course.response_after.push_back(i ? points[*i].response : std::nullopt);
  }
  if (course.induction_completed) {
    const auto last = static_cast<std::size_t>(patient.planned_sessions - 1);
    const UtcTime from = patient.dosed[last].dosed_at;
    UtcTime until{from.epoch_ms + evidence.end_of_induction_days * kMillisPerDay};
    if (last + 1 < patient.dosed.size()) until = std::min(until, patient.dosed[last + 1].dosed_at);
    if (const auto i = last_between(from, until)) course.ended_in_response = points[*i].response;
  }
  return course;
}

Forecast published_forecast(const CourseProgress& course, const CourseDrug& drug,
                            const std::string& instrument, const ForecastEvidence& evidence) {
  Forecast f;
  f.instrument = instrument;
  f.basis = "published_evidence";
  f.sessions_so_far = course.sessions_so_far;
  f.landmark_session = latest_landmark(course);
  f.base_rate = choose_base_rate(evidence, drug, instrument);
  double eta = 0, variance = 0;
  std::string used;
  // Response at the latest forecast point, when it differs from response after session 1: the
  // first-infusion rule no longer describes this course, and nothing published replaces it.
  std::optional<std::string> changed;
  if (f.landmark_session && *f.landmark_session > 1 && !course.response_after.empty() &&
      course.response_after[0]) {
    const auto latest = course.response_after[static_cast<std::size_t>(*f.landmark_session - 1)];
    if (latest && *latest != *course.response_after[0]) {
      changed = std::string(*latest ? "in response" : "no longer in response") + " after session " +
                std::to_string(*f.landmark_session);
    }
  }
  if (f.base_rate) {
    const double r = f.base_rate->responders, n = f.base_rate->n;
    eta = logit(r / n);
    variance = 1 / r + 1 / (n - r);
  }
  for (const auto& rule : evidence.rules) {
    const SignalReading reading = read_signal(rule.signal, course, evidence.improvement);
    RuleFinding finding{rule.id, false, reading.finding, "", rule};
    if (!rule.counts) {
      finding.reason = rule.not_quantified;
    } else if (rule.drug != drug.drug) {
      finding.reason = "studied with " + rule.drug + ", not " +
                       (drug.drug.empty() ? std::string("this course's drug") : drug.drug);
    } else if (!reading.present) {
      finding.reason = "not yet: " + reading.finding;
    } else if (changed && rule.signal == EarlySignal::response_after_first) {
      finding.reason = "the course changed since: " + *changed;
    } else if (f.base_rate) {
      const TwoByTwo& t = *rule.counts;
      const double responders = t.signal_response + t.no_signal_response;
      const double others = t.signal_no_response + t.no_signal_no_response;
      const double a = *reading.present ? t.signal_response : t.no_signal_response;
      const double b = *reading.present ? t.signal_no_response : t.no_signal_no_response;
      const double ratio = (a / responders) / (b / others);
      eta += std::log(ratio);
      variance += 1 / a - 1 / responders + 1 / b - 1 / others;
      finding.applies = true;
      char text[64];
      std::snprintf(text, sizeof text, "likelihood ratio %.2f", ratio);
      finding.reason = text;
      used = rule.study + "'s rule (" + reading.finding + ": " + text + ")";
    } else {
      finding.reason = "no comparable published cohort to update";
    }
    f.rules.push_back(std::move(finding));
  }
  if (!f.base_rate) {
    f.message =
        "Not enough data: no published cohort of " +
        (drug.drug.empty() ? std::string("this treatment") : drug.drug + " (" + drug.route + ")") +
        " measured on a scale that stands for " + instrument + ".";
    return f;
  }
  if (const auto missing = missing_data(course, f.landmark_session)) {
    f.message = *missing;
    return f;
  }
  if (changed) {
    f.message = "Not enough data: " + *changed +
                ", unlike after session 1; the published evidence gives no figure for a course "
                "that changed after its first infusion.";
    return f;
  }
  set_interval(f, eta, variance);
  f.message = "Chance of response by the end of induction: " + interval_text(f) +
              ", from the published evidence: " + f.base_rate->study + "'s " +
              tenths_percent(static_cast<double>(f.base_rate->responders) / f.base_rate->n) +
              " response (n = " + std::to_string(f.base_rate->n) +
              (f.base_rate->n_verified ? "" : ", unverified") + ")" +
              (used.empty() ? ", no early-response rule applying yet" : " updated by " + used) +
              (!used.empty() && *f.landmark_session > 1
                   ? "; sessions 2 to " + std::to_string(*f.landmark_session) +
                         " left that unchanged and add nothing the evidence quantifies"
                   : "") +
              ".";
  return f;
}

namespace {

// The protocols with their own term: enough courses, and not the most common (the reference).
std::vector<std::string> protocol_terms(const std::vector<const CourseProgress*>& courses) {
  std::map<std::string, int> counts;
  for (const auto* c : courses) counts[c->protocol_id] += 1;
  std::string reference;
  int most = -1;
  for (const auto& [protocol, count] : counts) {
    if (count > most) {
      most = count;
      reference = protocol;
    }
  }
  std::vector<std::string> terms;
  for (const auto& [protocol, count] : counts) {
    if (protocol != reference && count >= kMinCoursesPerProtocol) terms.push_back(protocol);
  }
  return terms;
}

std::optional<LogisticFit> fit_rows(const std::vector<const CourseProgress*>& courses,
                                    const std::vector<TrainingRow>& rows,
                                    const std::vector<std::string>& terms) {
  if (rows.empty()) return std::nullopt;
  Eigen::MatrixXd design(static_cast<Eigen::Index>(rows.size()),
                         5 + static_cast<Eigen::Index>(terms.size()));
  Eigen::VectorXd outcome(static_cast<Eigen::Index>(rows.size()));
  std::vector<int> cluster;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const CourseProgress& c = *courses[rows[r].course];
    design.row(static_cast<Eigen::Index>(r)) = design_row(c, rows[r].session, terms).transpose();
    outcome(static_cast<Eigen::Index>(r)) = *c.ended_in_response ? 1.0 : 0.0;
    cluster.push_back(static_cast<int>(rows[r].course));
  }
  return fit_logistic(design, outcome, cluster);
}

}  // namespace

ModelFit fit_forecast_model(const std::vector<CourseProgress>& all,
                            const std::map<std::string, CourseDrug>& protocol_drugs,
                            const std::string& instrument, const ForecastEvidence& evidence) {
  ModelFit result;
  std::vector<const CourseProgress*> courses;
  std::vector<TrainingRow> rows;
  for (const auto& c : all) {
    if (!c.ended_in_response || !c.baseline_total) continue;
    ++result.completed_courses;
    bool used = false;
    for (int k = 1; k < c.induction_sessions; ++k) {
      if (!c.drop_after[static_cast<std::size_t>(k - 1)]) continue;
      rows.push_back({courses.size(), k});
      used = true;
    }
    if (used) courses.push_back(&c);
  }
  if (result.completed_courses < evidence.min_training_courses) {
    result.reason = std::to_string(result.completed_courses) +
                    " completed courses with an end-of-induction assessment; the clinic model "
                    "needs " +
                    std::to_string(evidence.min_training_courses);
    return result;
  }
  const auto terms = protocol_terms(courses);
  auto fit = fit_rows(courses, rows, terms);
  if (!fit) {
    result.reason =
        "the courses do not support a model (one outcome only, or a feature that "
        "never varies)";
    return result;
  }
  ForecastModel model;
  model.instrument = instrument;
  model.features = {"intercept", "drop_latest", "drop_first", "baseline_total", "sessions_so_far"};
  for (const auto& t : terms) model.features.push_back("protocol:" + t);
  model.protocol_features = terms;
  model.fit = std::move(*fit);
  model.training_courses = static_cast<int>(courses.size());
  model.training_rows = static_cast<int>(rows.size());
  // Cross-validation by course: a course's rows are all in one fold (courses in patient-id order).
  std::vector<std::size_t> by_id(courses.size());
  std::iota(by_id.begin(), by_id.end(), 0);
  std::sort(by_id.begin(), by_id.end(), [&](std::size_t a, std::size_t b) {
    return courses[a]->patient_id < courses[b]->patient_id;
  });
  std::vector<int> fold(courses.size());
  for (std::size_t i = 0; i < by_id.size(); ++i)
    fold[by_id[i]] = static_cast<int>(i % kForecastFolds);
  std::vector<double> predicted, published;
  std::vector<int> outcome, published_outcome;
  for (int f = 0; f < kForecastFolds; ++f) {
    std::vector<TrainingRow> train, test;
    for (const auto& row : rows) (fold[row.course] == f ? test : train).push_back(row);
    const auto fitted = fit_rows(courses, train, terms);
    if (!fitted || test.empty()) continue;
    for (const auto& row : test) {
      const CourseProgress& c = *courses[row.course];
      predicted.push_back(fitted->probability(design_row(c, row.session, terms)));
      outcome.push_back(*c.ended_in_response ? 1 : 0);
    }
  }
  for (const auto& row : rows) {
    // The published forecast as it stood after this row's session.
    CourseProgress then = *courses[row.course];
    then.drop_after.resize(static_cast<std::size_t>(row.session));
    then.response_after.resize(static_cast<std::size_t>(row.session));
    then.sessions_so_far = row.session;
    const auto drug = protocol_drugs.find(then.protocol_id);
    const auto p = published_forecast(
        then, drug == protocol_drugs.end() ? CourseDrug{} : drug->second, instrument, evidence);
    if (!p.probability) continue;
    published.push_back(*p.probability);
    published_outcome.push_back(*then.ended_in_response ? 1 : 0);
  }
  model.cv_rows = static_cast<int>(predicted.size());
  model.cv_auc = roc_auc(predicted, outcome);
  model.cv_brier = brier_score(predicted, outcome);
  model.calibration = calibration_bins(predicted, outcome);
  model.published_rows = static_cast<int>(published.size());
  if (!published.empty()) {
    model.published_auc = roc_auc(published, published_outcome);
    model.published_brier = brier_score(published, published_outcome);
  }
  result.model = std::move(model);
  return result;
}

Forecast forecast_course(const CourseProgress& course, const CourseDrug& drug,
                         const std::string& instrument, const ForecastEvidence& evidence,
                         const ModelFit* clinic, std::optional<Forecast>* comparison) {
  Forecast published = published_forecast(course, drug, instrument, evidence);
  if (course.ended_in_response) {
    published.probability.reset();
    published.message = std::string("The induction has ended: ") +
                        (*course.ended_in_response ? "in response" : "not in response") +
                        " at its end-of-induction assessment.";
    return published;
  }
  if (!clinic || !clinic->model) return published;
  const ForecastModel& model = *clinic->model;
  Forecast f;
  f.instrument = instrument;
  f.basis = "clinic_model";
  f.sessions_so_far = course.sessions_so_far;
  f.landmark_session = published.landmark_session;
  f.training_courses = model.training_courses;
  f.rules = published.rules;
  f.base_rate = published.base_rate;
  if (const auto missing = missing_data(course, f.landmark_session)) {
    f.message = *missing;
  } else {
    const Eigen::VectorXd x = design_row(course, *f.landmark_session, model.protocol_features);
    set_interval(f, model.fit.linear_predictor(x), model.fit.linear_predictor_variance(x));
    f.message = "Chance of response by the end of induction: " + interval_text(f) + ", from " +
                std::to_string(model.training_courses) + " completed courses in this clinic.";
  }
  if (comparison) *comparison = std::move(published);
  return f;
}

}  // namespace plasticity
