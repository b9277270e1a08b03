// The code systems Plasticity's FHIR resources use, and the codes it gives its own facts: LOINC
// for vital signs and questionnaires, UCUM for units, SNOMED CT for routes, RxNorm for the drug
// where the code was verified. Each table names its source in fhir_codes.cc.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "monitoring/vital_sign.h"

namespace plasticity::server::fhir {

inline constexpr std::string_view kLoinc = "http://loinc.org";
inline constexpr std::string_view kUcum = "http://unitsofmeasure.org";
inline constexpr std::string_view kSnomed = "http://snomed.info/sct";
inline constexpr std::string_view kRxNorm = "http://www.nlm.nih.gov/research/umls/rxnorm";
inline constexpr std::string_view kIcd10Cm = "http://hl7.org/fhir/sid/icd-10-cm";
inline constexpr std::string_view kObservationCategory =
    "http://terminology.hl7.org/CodeSystem/observation-category";
inline constexpr std::string_view kIdentifierType = "http://terminology.hl7.org/CodeSystem/v2-0203";

struct Code {
  std::string_view system;
  std::string_view code;
  std::string_view display;
};

// A vital sign's LOINC codes, the profile's required code first (SpO2 adds the pulse-oximetry
// code 59408-5 beside 2708-6, as the R4 oxygen saturation profile shows).
std::vector<Code> vital_sign_codes(VitalKind kind);

// The R4 vital-signs profile an Observation of the kind claims, when one fits.
std::optional<std::string_view> vital_sign_profile(VitalKind kind);

// The blood pressure panel (85354-9) that carries systolic and diastolic as components.
Code blood_pressure_panel();

// SNOMED CT route of administration for a protocol route ("iv_infusion", "intranasal", ...).
std::optional<Code> route_code(std::string_view protocol_route);

// The RxNorm code of the drug given by a protocol, only where it was verified.
std::optional<Code> drug_code(std::string_view drug, std::string_view route);

}  // namespace plasticity::server::fhir
