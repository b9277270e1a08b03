#include "server/fhir/fhir_codes.h"

namespace plasticity::server::fhir {

// LOINC codes of the FHIR R4 vital signs profiles (hl7.org/fhir/R4/observation-vitalsigns.html):
// heart rate 8867-4, respiratory rate 9279-1, oxygen saturation 2708-6 (59408-5 by pulse
// oximetry), body temperature 8310-5, blood pressure panel 85354-9 with systolic 8480-6 and
// diastolic 8462-4. Mean arterial pressure 8478-0 and end-tidal CO2 19889-5 are LOINC codes outside
// the profiles; they carry the general vital-signs profile only.
std::vector<Code> vital_sign_codes(VitalKind kind) {
  switch (kind) {
    case VitalKind::systolic_bp:
      return {{kLoinc, "8480-6", "Systolic blood pressure"}};
    case VitalKind::diastolic_bp:
      return {{kLoinc, "8462-4", "Diastolic blood pressure"}};
    case VitalKind::mean_arterial_pressure:
      return {{kLoinc, "8478-0", "Mean blood pressure"}};
    case VitalKind::heart_rate:
      return {{kLoinc, "8867-4", "Heart rate"}};
    case VitalKind::spo2:
      return {{kLoinc, "2708-6", "Oxygen saturation in Arterial blood"},
              {kLoinc, "59408-5", "Oxygen saturation in Arterial blood by Pulse oximetry"}};
    case VitalKind::respiratory_rate:
      return {{kLoinc, "9279-1", "Respiratory rate"}};
    case VitalKind::temperature:
      return {{kLoinc, "8310-5", "Body temperature"}};
    case VitalKind::etco2:
      return {{kLoinc, "19889-5", "Carbon dioxide/Gas.total.at end expiration in Exhaled gas"}};
  }
  return {};
}

std::optional<std::string_view> vital_sign_profile(VitalKind kind) {
  switch (kind) {
    case VitalKind::heart_rate:
      return "http://hl7.org/fhir/StructureDefinition/heartrate";
    case VitalKind::spo2:
      return "http://hl7.org/fhir/StructureDefinition/oxygensat";
    case VitalKind::respiratory_rate:
      return "http://hl7.org/fhir/StructureDefinition/resprate";
    case VitalKind::temperature:
      return "http://hl7.org/fhir/StructureDefinition/bodytemp";
    default:
      return "http://hl7.org/fhir/StructureDefinition/vitalsigns";
  }
}

Code blood_pressure_panel() {
  return {kLoinc, "85354-9", "Blood pressure panel with all children optional"};
}

// SNOMED CT route codes of the R4 value set SNOMEDCTRouteCodes
// (hl7.org/fhir/R4/valueset-route-codes.html).
std::optional<Code> route_code(std::string_view protocol_route) {
  if (protocol_route == "iv_infusion") return Code{kSnomed, "47625008", "Intravenous route"};
  if (protocol_route == "intramuscular") return Code{kSnomed, "78421000", "Intramuscular route"};
  if (protocol_route == "intranasal") return Code{kSnomed, "46713006", "Nasal route"};
  if (protocol_route == "oral") return Code{kSnomed, "26643006", "Oral route"};
  return std::nullopt;
}

// RxNorm 2201623 "esketamine Nasal Spray" (SCDF, prescribable; RxNorm 2026-05 release, read on
// ndclist.com/rxnorm/rxcui/2201623). No RxNorm code for racemic ketamine was verified: those
// administrations carry the drug's name as text only.
std::optional<Code> drug_code(std::string_view drug, std::string_view route) {
  if (drug == "esketamine" && route == "intranasal") {
    return Code{kRxNorm, "2201623", "esketamine Nasal Spray"};
  }
  return std::nullopt;
}

}  // namespace plasticity::server::fhir
