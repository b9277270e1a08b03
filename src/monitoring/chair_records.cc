#include "monitoring/chair_records.h"

#include <algorithm>
#include <cmath>

namespace plasticity {
namespace {

// Amounts are measured to 0.1 mg at best; sums within this agree.
constexpr double kToleranceMg = 0.01;
constexpr std::size_t kMaxText = 2000;

bool blank(const std::string& text) {
  return text.find_first_not_of(" \t\r\n") == std::string::npos;
}

}  // namespace

FieldErrors validate_sedation(const SedationAssessment& sedation) {
  if (sedation.moaas < 0 || sedation.moaas > 5) {
    return {{"moaas", "range", "moaas must be a whole number from 0 to 5"}};
  }
  return {};
}

const std::vector<std::string_view>& adverse_event_kinds() {
  static const std::vector<std::string_view> kinds{
      "nausea",       "vomiting",     "headache", "dizziness",
      "anxiety",      "hypertension", "sedation", "respiratory_depression",
      "dissociation", "other"};
  return kinds;
}

FieldErrors validate_adverse_event(const AdverseEvent& event) {
  FieldErrors errors;
  const auto& kinds = adverse_event_kinds();
  if (std::find(kinds.begin(), kinds.end(), event.kind) == kinds.end()) {
    errors.push_back({"kind", "one_of",
                      "kind must be one of nausea, vomiting, headache, dizziness, anxiety, "
                      "hypertension, sedation, respiratory_depression, dissociation, other"});
  }
  if (event.kind == "other" && blank(event.description)) {
    errors.push_back({"description", "required", "describe an event of kind other"});
  }
  if (event.severity != "mild" && event.severity != "moderate" && event.severity != "severe") {
    errors.push_back({"severity", "one_of", "severity must be mild, moderate or severe"});
  }
  if (event.description.size() > kMaxText || event.interventions.size() > kMaxText) {
    errors.push_back({"description", "length", "texts may be at most 2000 characters"});
  }
  return errors;
}

FieldErrors validate_controlled_substance(const ControlledSubstanceAccount& a,
                                          std::string_view recorder, double prescribed_mg) {
  FieldErrors errors;
  const std::pair<const char*, double> amounts[] = {{"dispensed_mg", a.dispensed_mg},
                                                    {"administered_mg", a.administered_mg},
                                                    {"wasted_mg", a.wasted_mg}};
  for (const auto& [field, value] : amounts) {
    if (!std::isfinite(value) || value < 0) {
      errors.push_back({field, "not_negative", std::string(field) + " must be 0 or more"});
    }
  }
  if (!errors.empty()) return errors;
  if (std::abs(a.dispensed_mg - a.administered_mg - a.wasted_mg) > kToleranceMg) {
    errors.push_back({"wasted_mg", "balances",
                      "dispensed must equal administered plus wasted (every mg accounted for)"});
  }
  if (a.administered_mg > prescribed_mg + kToleranceMg) {
    errors.push_back({"administered_mg", "within_prescription",
                      "more than the prescribed dose was administered: record it as an adverse "
                      "event and tell the prescriber"});
  }
  if (blank(a.lot_number)) errors.push_back({"lot_number", "required", "lot_number is required"});
  if (a.wasted_mg > kToleranceMg) {
    if (blank(a.witness_username)) {
      errors.push_back({"witness", "required", "wasting a controlled substance needs a witness"});
    } else if (a.witness_username == recorder) {
      errors.push_back({"witness", "another_person", "the witness must be someone else"});
    }
  }
  return errors;
}

}  // namespace plasticity
