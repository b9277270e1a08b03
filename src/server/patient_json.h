// Patient records to and from the API's JSON. Reading checks types and names (a string where a
// string belongs, no unknown fields); the value rules live in patients/ (validate_demographics).
//
//   PatientDemographics d;
//   FieldErrors errors = read_patient_fields(body, d, FieldsMode::create);
#pragma once

#include "patients/patient.h"
#include "server/http/request_support.h"

namespace plasticity::server {

OrderedJson demographics_to_json(const PatientDemographics& demographics);
OrderedJson patient_to_json(const PatientRecord& record);

enum class FieldsMode {
  create,  // every required field must be present
  patch,   // JSON merge patch (RFC 7396): present fields replace, null clears an optional one
};

// Applies the fields of `body` (a JSON object) to `target`, returning every type or name error.
FieldErrors read_patient_fields(const Json& body, PatientDemographics& target, FieldsMode mode);

}  // namespace plasticity::server
