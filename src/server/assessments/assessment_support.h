// Shared by the clinician and the patient-link routes: reading answers from JSON, scoring them
// into a record with its alerts, and the JSON the API shows for an assessment.
#pragma once

#include "interop/instrument_json.h"
#include "outcomes/baseline.h"
#include "outcomes/trajectory.h"
#include "server/http/request_support.h"

namespace plasticity::server {

// Reads {"<item id>": <integer>, ...} into `answers`; errors are named under `path` ("answers").
FieldErrors read_answers(const Json& json, const std::string& path, Answers& answers);

struct ScoredSubmission {
  AssessmentRecord record;
  std::vector<AlertRecord> alerts;  // one per flag raised
};

struct Submission {
  std::string patient_id;
  Answers answers;
  UtcTime administered_at;
  std::string source;
  std::optional<std::int64_t> staff_id;
  std::optional<std::string> link_id;
};

// Scores `submission` and makes its alerts, comparing with the patient's last complete total on
// the same instrument (for the worsening alert).
ScoredSubmission score_submission(Store& store, const Instrument& instrument, Submission submission,
                                  UtcTime now);

OrderedJson assessment_to_json(const AssessmentRecord& record);

// The assessment with its change from baseline and classifications.
OrderedJson assessment_to_json(const AssessmentRecord& record, const TrajectoryPoint& point);

OrderedJson alert_to_json(const AlertRecord& alert);

// When the patient was first dosed (their treatment course began), if ever.
std::optional<UtcTime> first_dose(Store& store, const std::string& patient_id);

// One instrument's series (chronological) classified from the product's one baseline
// (outcomes/baseline.h): the last complete total in the window before `first_dose`, or without
// a course the first complete one.
std::vector<TrajectoryPoint> classify_series(const OutcomeRules& rules,
                                             const std::vector<AssessmentRecord>& series,
                                             std::optional<UtcTime> first_dose);

}  // namespace plasticity::server
