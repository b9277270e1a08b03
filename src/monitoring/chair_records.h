// What a nurse records at the chair besides vital signs: sedation (MOAA/S), side effects and
// adverse events, and the controlled-substance account of the dose (ketamine is Schedule III:
// dispensed = administered + wasted, and waste needs a witness). Each validator returns every
// broken rule, naming the field.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/field_error.h"

namespace plasticity {

// Modified Observer's Assessment of Alertness/Sedation, 0 (no response to a painful stimulus)
// to 5 (responds readily to name in a normal tone): the scale the Spravato label reports
// sedation with (clinical-reference §2.2).
struct SedationAssessment {
  int moaas = 5;
};
FieldErrors validate_sedation(const SedationAssessment& sedation);

// The side effects the issue lists and the label and trials report; "other" needs a description.
const std::vector<std::string_view>& adverse_event_kinds();

struct AdverseEvent {
  std::string kind;  // one of adverse_event_kinds()
  std::string description;
  std::string severity;  // mild, moderate, severe
  bool serious = false;  // an SAE: reported to the REMS / the manufacturer
  std::string interventions;
};
FieldErrors validate_adverse_event(const AdverseEvent& event);

struct ControlledSubstanceAccount {
  double dispensed_mg = 0;
  double administered_mg = 0;
  double wasted_mg = 0;
  std::string lot_number;
  std::string witness_username;  // required when anything was wasted; not the recorder
};
// `recorder` is who records the account; `prescribed_mg` the session's dose (administered may not
// exceed it).
FieldErrors validate_controlled_substance(const ControlledSubstanceAccount& account,
                                          std::string_view recorder, double prescribed_mg);

}  // namespace plasticity
