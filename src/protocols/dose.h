// Dose calculation for a session: from the prescription (mg/kg or mg), the patient's weight
// measured for this session, and the vial's concentration, to the amount, the volume to draw and
// the pump rate. Rounding never exceeds the prescribed dose; a dose outside the protocol's range
// is refused (the hard stop), never silently changed.
//
//   DosePrescription rx{.mg_per_kg = 0.5, .weight_kg = 72.4, .concentration_mg_per_ml = 10};
//   auto plan = calculate_dose(protocol, rx);
//   // plan.dose->prescribed_mg == 36.2, plan.dose->volume_ml == 3.62 → pump 5.43 mL/h over 40 min
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/field_error.h"
#include "protocols/protocol.h"

namespace plasticity {

struct DosePrescription {
  std::optional<double> mg_per_kg;
  std::optional<double> mg;
  std::optional<double> weight_kg;  // the weight every mg/kg uses
  std::string weight_source = "measured for this session";  // said in the dose's notes
  std::optional<double> concentration_mg_per_ml;  // the vial or bag drawn from (not for devices)
  std::optional<int> infusion_minutes;            // infusions; the protocol's default when unset
  std::string reason;                  // why a dose or duration differs from the protocol default
  std::vector<double> prior_doses_mg;  // this patient's earlier sessions on the same protocol
};

struct CalculatedDose {
  double prescribed_mg = 0;
  double dose_mg = 0;  // what will be given: prescribed_mg rounded down to what can be drawn
  std::optional<double> mg_per_kg;
  std::optional<double> weight_kg;
  std::optional<double> volume_ml;  // drawn at 0.01 mL (a 1 mL syringe's resolution)
  std::optional<int> infusion_minutes;
  std::optional<double> pump_rate_ml_per_h;  // rounded down to 0.1 mL/h: never faster
  std::optional<int> devices;                // nasal devices
  std::optional<int> device_interval_minutes;
  std::vector<std::string> notes;  // e.g. how the dose was rounded, which weight was used
};

struct DoseResult {
  std::optional<CalculatedDose> dose;
  FieldErrors errors;  // each names the field and the rule; the dose is unset when any
};

DoseResult calculate_dose(const Protocol& protocol, const DosePrescription& prescription);

}  // namespace plasticity
