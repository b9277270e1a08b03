// Patient records to and from the API's JSON. Reading checks types and names (a string where a
// string belongs, no unknown fields); the value rules live in patients/ (validate_demographics).
//
//   PatientDemographics d;
//   FieldErrors errors = read_patient_fields(body, d, FieldsMode::create);
#pragma once

#include <map>

#include "patients/patient.h"
#include "server/http/request_support.h"

namespace plasticity::server {

OrderedJson demographics_to_json(const PatientDemographics& demographics);
OrderedJson patient_to_json(const PatientRecord& record);

// Who a list or a form is about, as screens name a patient: {mrn, given_name, family_name}.
OrderedJson patient_brief_to_json(const PatientRecord& patient);

// The same by patient id, each looked up once per request (a calendar or an audit page names the
// same patient many times); null for an id no patient has.
class PatientBriefs {
 public:
  explicit PatientBriefs(Store& store) : store_(store) {}
  OrderedJson operator()(const std::string& patient_id);

 private:
  Store& store_;
  std::map<std::string, OrderedJson> known_;
};

enum class FieldsMode {
  create,  // every required field must be present
  patch,   // JSON merge patch (RFC 7396): present fields replace, null clears an optional one
};

// Applies the fields of `body` (a JSON object) to `target`, returning every type or name error.
FieldErrors read_patient_fields(const Json& body, PatientDemographics& target, FieldsMode mode);

}  // namespace plasticity::server
