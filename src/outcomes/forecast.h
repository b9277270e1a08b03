// The early-response forecast: after each dosing session with an assessment after it, the chance
// that this course ends in response (the outcome report's response rule, judged at the end of
// induction), with its 95% interval and the basis it rests on. Decision support: it never blocks
// treatment. Method, figures and limits: docs/outcomes.md, "Early-response forecast".
//
// Two bases:
//  - published evidence: the response rate of a comparable published cohort (same drug and route,
//    a depression scale) as prior odds, times the likelihood ratio of an early-response rule with
//    a published 2×2 table (Murrough 2013: response after the first infusion). The interval adds
//    the sampling variances of both on the log-odds scale (delta method; Simel 1991 for the
//    likelihood ratio).
//  - the clinic's own model, once it has enough completed courses: logistic regression on every
//    (course, session) point a forecast would have been made at, cross-validated by course.
//
//   const CourseProgress course = course_progress(patient, rules, evidence);
//   const Forecast f = published_forecast(course, {"racemic ketamine", "iv_infusion"}, "phq9",
//                                         evidence);
//   f.probability;  f.lower;  f.upper;  f.rules[0].applies
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "instruments/instrument.h"
#include "outcomes/cohort.h"
#include "outcomes/logistic.h"

namespace plasticity {

struct PublishedBaseRate {
  std::string id, study, citation, url, read_at;
  std::string drug, route;              // as the protocols name them
  std::string measured_on;              // the instrument the study used
  std::vector<std::string> stands_for;  // the instruments it may stand in for
  int responders = 0, n = 0;
  bool n_verified = true;  // false: the sample size is an unverified default, labelled so
};

// A study's early signal against end response: the counts behind its sensitivity and specificity.
struct TwoByTwo {
  int signal_response = 0, signal_no_response = 0;
  int no_signal_response = 0, no_signal_no_response = 0;
};

enum class EarlySignal {
  response_after_first,               // response at the assessment after session 1
  improvement_after_first_or_second,  // a drop of at least `improvement` after session 1 or 2
  no_improvement_through_third,       // below `improvement` after each of sessions 1–3
};

struct EvidenceRule {
  std::string id, study, citation, url, read_at, summary;
  std::string drug;  // the drug it was studied with
  EarlySignal signal = EarlySignal::response_after_first;
  std::optional<TwoByTwo> counts;  // none: the study gives no likelihood ratio
  std::string not_quantified;      // why, when it does not
};

struct ForecastEvidence {
  int min_training_courses = 100;  // before this many, the published evidence is the basis
  int end_of_induction_days = 14;  // the end assessment: after the last induction session, within
  double improvement = 0.20;       // the "early improvement" drop (Canadian Rapid Treatment Center)
  std::vector<PublishedBaseRate> base_rates;
  std::vector<EvidenceRule> rules;
};

struct CourseDrug {
  std::string drug, route;
};

// One patient's course on one instrument, read for the forecast.
struct CourseProgress {
  std::string patient_id;
  std::string protocol_id;  // of the first dosing session
  std::optional<int> baseline_total;
  int sessions_so_far = 0;     // dosed
  int induction_sessions = 0;  // planned in the confirmed plans (0: no plan)
  bool induction_completed = false;
  // Per session k (index k − 1): the fractional drop from baseline ((baseline − total) / baseline)
  // and response at the last complete assessment after session k and before session k + 1.
  std::vector<std::optional<double>> drop_after;
  std::vector<std::optional<bool>> response_after;
  std::optional<bool> ended_in_response;  // judged at the end-of-induction assessment
};

CourseProgress course_progress(const CohortPatient& patient, const OutcomeRules& rules,
                               const ForecastEvidence& evidence,
                               int baseline_window_days = kDefaultBaselineWindowDays);

struct RuleFinding {
  std::string id;
  bool applies = false;  // used in this forecast's number
  std::string finding;   // what the patient's record shows for the rule's signal
  std::string reason;    // why it was or was not used
  EvidenceRule rule;     // a copy: a forecast outlives the evidence it was read from
};

struct Forecast {
  std::string instrument;
  int sessions_so_far = 0;
  std::optional<int> landmark_session;  // the session whose assessment the forecast reads
  std::optional<double> probability;    // none: not enough data (`message` says why)
  double lower = 0, upper = 0;
  std::string basis;  // "published_evidence", "clinic_model"
  int training_courses = 0;
  std::optional<PublishedBaseRate> base_rate;
  std::vector<RuleFinding> rules;
  std::string message;
};

Forecast published_forecast(const CourseProgress& course, const CourseDrug& drug,
                            const std::string& instrument, const ForecastEvidence& evidence);

inline constexpr int kForecastFolds = 10;  // cross-validation by course

struct CalibrationBin {
  double predicted = 0;  // mean predicted probability
  double observed = 0;   // share that ended in response
  int count = 0;
};

struct ForecastModel {
  std::string instrument;
  std::vector<std::string> features;  // "intercept", "drop_latest", ..., "protocol:<id>"
  std::vector<std::string> protocol_features;
  LogisticFit fit;
  int training_courses = 0, training_rows = 0;
  // Out-of-fold (10-fold by course) predictions of the training rows: of every row whose fold's
  // training courses could be fitted (a fold left with one outcome only cannot), `cv_rows` of them.
  int cv_rows = 0;
  std::optional<double> cv_auc;
  double cv_brier = 0;
  std::vector<CalibrationBin> calibration;  // deciles of the predicted probability
  // The published-evidence forecast on the rows where it gives a number, for comparison.
  int published_rows = 0;
  std::optional<double> published_auc, published_brier;
};

struct ModelFit {
  std::optional<ForecastModel> model;
  int completed_courses = 0;  // with an end-of-induction assessment
  std::string reason;         // when there is no model
};

ModelFit fit_forecast_model(const std::vector<CourseProgress>& courses,
                            const std::map<std::string, CourseDrug>& protocol_drugs,
                            const std::string& instrument, const ForecastEvidence& evidence);

// The clinic model's forecast when it exists and has enough courses, else the published one;
// `comparison` receives the published forecast when the model is the basis, and is left empty
// otherwise.
Forecast forecast_course(const CourseProgress& course, const CourseDrug& drug,
                         const std::string& instrument, const ForecastEvidence& evidence,
                         const ModelFit* clinic, std::optional<Forecast>* comparison = nullptr);

}  // namespace plasticity
