#include "server/assessments/assessment_support.h"

#include "instruments/flag_alerts.h"
#include "server/http/credentials.h"

namespace plasticity::server {
namespace {

template <class T>
OrderedJson or_null(const std::optional<T>& value) {
  return value ? OrderedJson(*value) : OrderedJson();
}

}  // namespace

FieldErrors read_answers(const Json& json, const std::string& path, Answers& answers) {
  if (!json.is_object()) return {{path, "type", path + " must be an object of item id → score"}};
  FieldErrors errors;
  for (const auto& [item, value] : json.items()) {
    if (!value.is_number_integer()) {
      errors.push_back({path + "/" + item, "type", path + "/" + item + " must be a whole number"});
      continue;
    }
    answers[item] = value.get<int>();
  }
  return errors;
}

ScoredSubmission score_submission(Store& store, const Instrument& instrument, Submission submission,
                                  UtcTime now) {
  std::optional<int> previous_total;
  for (const auto& earlier : store.patient_assessments(submission.patient_id, instrument.id)) {
    if (earlier.score.total) previous_total = earlier.score.total;
  }
  ScoredSubmission scored;
  AssessmentRecord& record = scored.record;
  record.id = new_random_id();
  record.patient_id = submission.patient_id;
  record.instrument_id = instrument.id;
  record.instrument_version = instrument.version;
  record.administered_at = submission.administered_at;
  record.source = std::move(submission.source);
  record.recorded_by = submission.staff_id;
  record.link_id = std::move(submission.link_id);
  record.score = score_assessment(instrument, submission.answers);
  record.answers = std::move(submission.answers);
  record.recorded_at = now;
  for (const FlagAlert& flag :
       flag_alerts(instrument, record.answers, record.score, previous_total)) {
    scored.alerts.push_back(AlertRecord{new_random_id(), record.patient_id, record.id, flag.kind,
                                        flag.message, now, false, std::nullopt, "", std::nullopt,
                                        ""});
  }
  return scored;
}

OrderedJson assessment_to_json(const AssessmentRecord& r) {
  OrderedJson subscales = OrderedJson::object();
  for (const auto& [name, value] : r.score.subscales) subscales[name] = or_null(value);
  OrderedJson answers = OrderedJson::object();
  for (const auto& [item, score] : r.answers) answers[item] = score;
  return {{"id", r.id},
          {"patient_id", r.patient_id},
          {"instrument", r.instrument_id},
          {"instrument_version", r.instrument_version},
          {"administered_at", to_iso8601(r.administered_at)},
          {"source", r.source},
          {"recorded_by", or_null(r.recorded_by)},
          {"total", or_null(r.score.total)},
          {"severity", or_null(r.score.severity)},
          {"subscales", subscales},
          {"flags", r.score.flags},
          {"provisional_diagnosis", or_null(r.score.provisional_diagnosis)},
          {"complete", r.score.complete},
          {"answers", answers}};
}

OrderedJson assessment_to_json(const AssessmentRecord& record, const TrajectoryPoint& point) {
  OrderedJson json = assessment_to_json(record);
  json["is_baseline"] = point.is_baseline;
  json["change"] = or_null(point.change);
  json["change_percent"] = or_null(point.change_percent);
  json["response"] = or_null(point.response);
  json["remission"] = or_null(point.remission);
  json["meaningful_change"] = or_null(point.meaningful_change);
  json["relapse"] = or_null(point.relapse);
  return json;
}

OrderedJson alert_to_json(const AlertRecord& a) {
  OrderedJson acknowledgement;
  if (a.acknowledged) {
    acknowledgement = {
        {"by", {{"id", or_null(a.acknowledged_by)}, {"username", a.acknowledged_by_username}}},
        {"at", a.acknowledged_at ? OrderedJson(to_iso8601(*a.acknowledged_at)) : OrderedJson()},
        {"note", a.note}};
  }
  return {{"id", a.id},
          {"patient_id", a.patient_id},
          {"assessment_id", or_null(a.assessment_id)},
          {"kind", a.kind},
          {"message", a.message},
          {"created_at", to_iso8601(a.created_at)},
          {"status", a.acknowledged ? "acknowledged" : "open"},
          {"acknowledgement", acknowledgement}};
}

std::optional<UtcTime> first_dose(Store& store, const std::string& patient_id) {
  std::optional<UtcTime> first;
  for (const auto& s : store.patient_treatment_sessions(patient_id)) {
    if (s.dosing_started_at && (!first || *s.dosing_started_at < *first))
      first = s.dosing_started_at;
  }
  return first;
}

std::vector<TrajectoryPoint> classify_series(const OutcomeRules& rules,
                                             const std::vector<AssessmentRecord>& series,
                                             std::optional<UtcTime> first_dose) {
  std::vector<DatedTotal> dated;
  std::vector<std::optional<int>> totals;
  for (const auto& a : series) {
    dated.push_back({a.administered_at, a.score.total});
    totals.push_back(a.score.total);
  }
  return classify_trajectory(rules, totals, baseline_index(dated, first_dose));
}

}  // namespace plasticity::server
