// The screening intake: what a clinic asks before the first dose (psychiatric history, current
// medicines, medical history, pregnancy, baseline vitals and scores), as named, typed fields. The
// catalog below is the one place that says which fields exist; screening rules name them and the
// API validates answers against it.
//
//   Intake intake{{"psychosis_current", false}, {"baseline_sbp", 128.0}, ...};
//   FieldErrors errors = validate_intake(intake);   // every missing or impossible answer
#pragma once

#include <map>
#include <string>
#include <variant>
#include <vector>

#include "core/field_error.h"

namespace plasticity {

enum class IntakeFieldType { yes_no, number, choice };

struct IntakeField {
  std::string id;
  IntakeFieldType type = IntakeFieldType::yes_no;
  std::string group;  // "psychiatric", "medicines", "medical", "pregnancy", "baseline"
  std::string label;
  bool required = true;
  bool derived = false;  // filled by Plasticity from the chart (age), never by the person
  double min = 0;        // numbers
  double max = 0;
  std::string unit;
  std::vector<std::string> choices;
};

using IntakeValue = std::variant<bool, double, std::string>;
using Intake = std::map<std::string, IntakeValue>;

const std::vector<IntakeField>& intake_fields();
const IntakeField* find_intake_field(const std::string& id);

// Every field that is missing (when required), of the wrong type, out of range, not a listed
// choice, unknown, or derived but given; field names are "intake/<id>".
FieldErrors validate_intake(const Intake& intake);

}  // namespace plasticity
