// Scoring one administration of an instrument, exactly by its published rule.
//
//   FieldErrors errors = check_answers(phq9, answers);   // unknown items, impossible scores
//   AssessmentScore s = score_assessment(phq9, answers);
//   s.total == 14, s.severity == "moderate", s.flags == {"suicidal_ideation"}, s.complete
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/field_error.h"
#include "instruments/instrument.h"

namespace plasticity {

using Answers = std::map<std::string, int>;  // item id → the chosen option's score

struct AssessmentScore {
  std::optional<int> total;             // null when incomplete (never a silently partial total)
  std::optional<std::string> severity;  // band label, or the triage level
  std::map<std::string, std::optional<int>> subscales;
  std::vector<std::string> flags;             // raised even when the assessment is incomplete
  std::optional<bool> provisional_diagnosis;  // instruments with a DiagnosisRule, when complete
  bool complete = false;
  std::vector<std::string> missing_items;  // scored items that were asked but not answered
};

// Every answer must name an item of the instrument and one of that item's option scores.
FieldErrors check_answers(const Instrument& instrument, const Answers& answers);

// Assumes check_answers passed.
AssessmentScore score_assessment(const Instrument& instrument, const Answers& answers);

// The severity band a total falls in (a total known without its items, e.g. imported history).
std::optional<std::string> severity_band(const Instrument& instrument, int total);

}  // namespace plasticity
