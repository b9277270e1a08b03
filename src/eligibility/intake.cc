#include "eligibility/intake.h"

#include <cmath>

namespace plasticity {
namespace {

IntakeField question(std::string id, IntakeFieldType type, std::string group, std::string label) {
  IntakeField field;
  field.id = std::move(id);
  field.type = type;
  field.group = std::move(group);
  field.label = std::move(label);
  return field;
}

IntakeField yes_no(std::string id, std::string group, std::string label) {
  return question(std::move(id), IntakeFieldType::yes_no, std::move(group), std::move(label));
}

IntakeField number(std::string id, std::string group, std::string label, double min, double max,
                   std::string unit, bool required = true) {
  IntakeField field =
      question(std::move(id), IntakeFieldType::number, std::move(group), std::move(label));
  field.min = min;
  field.max = max;
  field.unit = std::move(unit);
  field.required = required;
  return field;
}

IntakeField choice(std::string id, std::string group, std::string label,
                   std::vector<std::string> choices) {
  IntakeField field =
      question(std::move(id), IntakeFieldType::choice, std::move(group), std::move(label));
  field.choices = std::move(choices);
  return field;
}

// The items the issue lists, in the order a clinician asks them; sources for why each matters are
// on the rules that use it (src/eligibility/definitions/screening_rules.json).
std::vector<IntakeField> make_fields() {
  std::vector<IntakeField> fields{
      yes_no("psychosis_current", "psychiatric", "Current psychotic symptoms"),
      yes_no("psychosis_history", "psychiatric",
             "History of psychosis (including psychotic depression)"),
      yes_no("mania_current", "psychiatric", "Current mania or hypomania"),
      yes_no("bipolar_disorder", "psychiatric", "Bipolar disorder"),
      yes_no("mood_stabiliser", "psychiatric", "Taking a mood stabiliser"),
      yes_no("ptsd", "psychiatric", "Post-traumatic stress disorder"),
      yes_no("substance_use_disorder_current", "psychiatric",
             "Current substance use disorder (other than alcohol)"),
      yes_no("alcohol_use_disorder", "psychiatric", "Alcohol use disorder"),
      yes_no("ketamine_pcp_misuse_history", "psychiatric", "History of ketamine or PCP misuse"),
      number("recreational_ketamine_pcp_opioid_uses_past_year", "psychiatric",
             "Recreational uses of ketamine, PCP or opioids in the past year", 0, 10000, "uses"),
      number("adequate_antidepressant_trials", "psychiatric",
             "Adequate antidepressant trials without response", 0, 50, "trials"),
      number("benzodiazepine_lorazepam_mg_per_day", "medicines",
             "Benzodiazepine dose, lorazepam equivalents", 0, 100, "mg/d"),
      yes_no("maoi", "medicines", "Monoamine oxidase inhibitor (MAOI)"),
      yes_no("psychostimulant", "medicines", "Psychostimulant"),
      yes_no("opioid", "medicines", "Opioid"),
      yes_no("sedative_hypnotic", "medicines", "Non-benzodiazepine sedative-hypnotic"),
      choice("hypertension", "medical", "Hypertension", {"none", "controlled", "uncontrolled"}),
      yes_no("arrhythmia_significant", "medical", "Significant arrhythmia"),
      choice("cerebrovascular_disease", "medical", "Cerebrovascular disease",
             {"none", "stable", "unstable"}),
      yes_no("aneurysmal_vascular_disease_or_avm", "medical",
             "Aneurysmal vascular disease or arteriovenous malformation"),
      yes_no("intracerebral_haemorrhage_history", "medical",
             "History of intracerebral haemorrhage"),
      yes_no("raised_intracranial_pressure", "medical", "Raised intracranial pressure"),
      yes_no("cognitive_impairment", "medical", "Cognitive impairment or neurocognitive disorder"),
      number("mmse_score", "medical", "MMSE score", 0, 30, "points", false),
      yes_no("hypersensitivity_ketamine", "medical", "Hypersensitivity to ketamine or esketamine"),
      choice("pregnancy_status", "pregnancy", "Pregnancy",
             {"not_pregnant", "pregnant", "unknown", "not_applicable"}),
      yes_no("lactating", "pregnancy", "Breastfeeding"),
      number("baseline_sbp", "baseline", "Systolic blood pressure", 40, 300, "mm[Hg]"),
      number("baseline_dbp", "baseline", "Diastolic blood pressure", 20, 200, "mm[Hg]"),
      number("baseline_hr", "baseline", "Heart rate", 20, 250, "/min"),
      number("weight_kg", "baseline", "Weight", 20, 400, "kg"),
      number("baseline_phq9", "baseline", "PHQ-9 total", 0, 27, "points", false),
      number("baseline_madrs", "baseline", "MADRS total", 0, 60, "points", false),
  };
  IntakeField age = number("age_years", "baseline", "Age", 0, 130, "years");
  age.derived = true;
  fields.push_back(age);
  return fields;
}

std::string describe(const IntakeField& field) {
  switch (field.type) {
    case IntakeFieldType::yes_no:
      return field.label + " must be yes or no (true or false)";
    case IntakeFieldType::number: {
      auto text = [](double v) { return std::to_string(static_cast<long long>(v)); };
      return field.label + " must be a number from " + text(field.min) + " to " + text(field.max) +
             " " + field.unit;
    }
    case IntakeFieldType::choice: {
      std::string list;
      for (const auto& c : field.choices) list += (list.empty() ? "" : ", ") + c;
      return field.label + " must be one of " + list;
    }
  }
  return field.id;
}

bool fits(const IntakeField& field, const IntakeValue& value) {
  switch (field.type) {
    case IntakeFieldType::yes_no:
      return std::holds_alternative<bool>(value);
    case IntakeFieldType::number: {
      const double* v = std::get_if<double>(&value);
      return v && std::isfinite(*v) && *v >= field.min && *v <= field.max;
    }
    case IntakeFieldType::choice: {
      const std::string* v = std::get_if<std::string>(&value);
      if (!v) return false;
      for (const auto& c : field.choices) {
        if (c == *v) return true;
      }
      return false;
    }
  }
  return false;
}

}  // namespace

const std::vector<IntakeField>& intake_fields() {
  static const std::vector<IntakeField> fields = make_fields();
  return fields;
}

const IntakeField* find_intake_field(const std::string& id) {
  for (const auto& field : intake_fields()) {
    if (field.id == id) return &field;
  }
  return nullptr;
}

FieldErrors validate_intake(const Intake& intake) {
  FieldErrors errors;
  for (const auto& [id, value] : intake) {
    const IntakeField* field = find_intake_field(id);
    if (!field) {
      errors.push_back({"intake/" + id, "known_field", id + " is not an intake question"});
    } else if (field->derived) {
      errors.push_back({"intake/" + id, "derived", id + " is taken from the patient's chart"});
    } else if (!fits(*field, value)) {
      errors.push_back({"intake/" + id, "valid_answer", describe(*field)});
    }
  }
  for (const auto& field : intake_fields()) {
    if (field.required && !field.derived && !intake.contains(field.id)) {
      errors.push_back({"intake/" + field.id, "required", field.label + " must be answered"});
    }
  }
  return errors;
}

}  // namespace plasticity
