#include "server/patients/patient_json.h"

#include <algorithm>
#include <array>
#include <functional>
#include <map>

namespace plasticity::server {
namespace {

using FieldReader = std::function<void(const Json&, PatientDemographics&, FieldErrors&)>;

void type_error(FieldErrors& errors, const std::string& field, const std::string& expected) {
  errors.push_back({field, "type", field + " must be " + expected});
}

// Reads a required string; false (with an error) when the value is not one.
bool read_string(const Json& value, const std::string& field, std::string& out,
                 FieldErrors& errors) {
  if (!value.is_string()) {
    type_error(errors, field, "a string");
    return false;
  }
  out = value.get<std::string>();
  return true;
}

FieldReader required_text(std::string PatientDemographics::*member, std::string field) {
  return [member, field](const Json& value, PatientDemographics& d, FieldErrors& errors) {
    read_string(value, field, d.*member, errors);
  };
}

FieldReader optional_text(std::optional<std::string> PatientDemographics::*member,
                          std::string field) {
  return [member, field](const Json& value, PatientDemographics& d, FieldErrors& errors) {
    std::string text;
    if (value.is_null()) {
      (d.*member).reset();
    } else if (read_string(value, field, text, errors)) {
      d.*member = text;
    }
  };
}

FieldReader optional_number(std::optional<double> PatientDemographics::*member, std::string field) {
  return [member, field](const Json& value, PatientDemographics& d, FieldErrors& errors) {
    if (value.is_null()) {
      (d.*member).reset();
    } else if (value.is_number()) {
      d.*member = value.get<double>();
    } else {
      type_error(errors, field, "a number or null");
    }
  };
}

void read_birth_date(const Json& value, PatientDemographics& d, FieldErrors& errors) {
  std::string text;
  if (!read_string(value, "birth_date", text, errors)) return;
  if (auto date = parse_iso_date(text)) {
    d.birth_date = *date;
  } else {
    errors.push_back(
        {"birth_date", "date",
         "birth_date must be a real calendar date written YYYY-MM-DD; " + text + " is not one"});
  }
}

void read_sex_at_birth(const Json& value, PatientDemographics& d, FieldErrors& errors) {
  std::string text;
  if (!read_string(value, "sex_at_birth", text, errors)) return;
  if (auto sex = parse_sex_at_birth(text)) {
    d.sex_at_birth = *sex;
    return;
  }
  std::string allowed;
  for (auto name : sex_at_birth_values())
    allowed += (allowed.empty() ? "" : ", ") + std::string(name);
  errors.push_back({"sex_at_birth", "one_of", "sex_at_birth must be one of: " + allowed});
}

// Reads an object with exactly the string fields `fields` (each optional unless required there).
bool read_string_object(const Json& value, const std::string& field,
                        const std::vector<std::pair<std::string, std::string*>>& fields,
                        FieldErrors& errors) {
  if (!value.is_object()) {
    type_error(errors, field, "an object");
    return false;
  }
  const std::size_t before = errors.size();
  for (const auto& [key, item] : value.items()) {
    auto known = std::find_if(fields.begin(), fields.end(),
                              [&key = key](auto& f) { return f.first == key; });
    if (known == fields.end()) {
      errors.push_back(
          {field + "/" + key, "unknown_field", field + "/" + key + " is not a known field"});
    } else {
      read_string(item, field + "/" + key, *known->second, errors);
    }
  }
  return errors.size() == before;
}

void read_emergency_contact(const Json& value, PatientDemographics& d, FieldErrors& errors) {
  if (value.is_null()) {
    d.emergency_contact.reset();
    return;
  }
  EmergencyContact contact;
  if (read_string_object(value, "emergency_contact",
                         {{"name", &contact.name},
                          {"relationship", &contact.relationship},
                          {"phone", &contact.phone}},
                         errors)) {
    d.emergency_contact = contact;
  }
}

void read_diagnoses(const Json& value, PatientDemographics& d, FieldErrors& errors) {
  if (!value.is_array()) return type_error(errors, "diagnoses", "a list of {code, display}");
  if (value.size() > kMaxDiagnoses) {  // refused before reading a single item
    errors.push_back({"diagnoses", "max_items",
                      "diagnoses may list at most " + std::to_string(kMaxDiagnoses) + " entries"});
    return;
  }
  std::vector<Diagnosis> diagnoses(value.size());
  for (std::size_t i = 0; i < value.size(); ++i) {
    read_string_object(value[i], "diagnoses/" + std::to_string(i),
                       {{"code", &diagnoses[i].code}, {"display", &diagnoses[i].display}}, errors);
  }
  d.diagnoses = std::move(diagnoses);
}

const std::map<std::string, FieldReader>& field_readers() {
  static const std::map<std::string, FieldReader> readers{
      {"mrn", required_text(&PatientDemographics::mrn, "mrn")},
      {"given_name", required_text(&PatientDemographics::given_name, "given_name")},
      {"family_name", required_text(&PatientDemographics::family_name, "family_name")},
      {"birth_date", read_birth_date},
      {"sex_at_birth", read_sex_at_birth},
      {"weight_kg", optional_number(&PatientDemographics::weight_kg, "weight_kg")},
      {"height_cm", optional_number(&PatientDemographics::height_cm, "height_cm")},
      {"phone", optional_text(&PatientDemographics::phone, "phone")},
      {"email", optional_text(&PatientDemographics::email, "email")},
      {"emergency_contact", read_emergency_contact},
      {"diagnoses", read_diagnoses},
  };
  return readers;
}

constexpr std::array kRequiredFields{"mrn", "given_name", "family_name", "birth_date",
                                     "sex_at_birth"};
constexpr std::array kServerFields{"id", "version", "created_at", "updated_at"};

}  // namespace

FieldErrors read_patient_fields(const Json& body, PatientDemographics& target, FieldsMode mode) {
  if (!body.is_object()) return {{"", "object", "body must be a JSON object"}};
  FieldErrors errors;
  for (const auto& [key, value] : body.items()) {
    if (std::find(kServerFields.begin(), kServerFields.end(), key) != kServerFields.end()) {
      errors.push_back({key, "read_only", key + " is set by the server and cannot be sent"});
      continue;
    }
    auto reader = field_readers().find(key);
    if (reader == field_readers().end()) {
      errors.push_back({key, "unknown_field", key + " is not a patient field"});
      continue;
    }
    const bool is_required =
        std::find(kRequiredFields.begin(), kRequiredFields.end(), key) != kRequiredFields.end();
    if (is_required && value.is_null()) {
      errors.push_back({key, "required", key + " is required and cannot be null"});
      continue;
    }
    reader->second(value, target, errors);
  }
  if (mode == FieldsMode::create) {
    for (const char* field : kRequiredFields) {
      if (!body.contains(field)) {
        errors.push_back({field, "required", std::string(field) + " is required"});
      }
    }
  }
  return errors;
}

OrderedJson demographics_to_json(const PatientDemographics& d) {
  OrderedJson diagnoses = OrderedJson::array();
  for (const auto& diagnosis : d.diagnoses) {
    diagnoses.push_back({{"code", diagnosis.code}, {"display", diagnosis.display}});
  }
  auto optional = [](const auto& value) { return value ? OrderedJson(*value) : OrderedJson(); };
  OrderedJson contact;
  if (d.emergency_contact) {
    contact = {{"name", d.emergency_contact->name},
               {"relationship", d.emergency_contact->relationship},
               {"phone", d.emergency_contact->phone}};
  }
  return {{"mrn", d.mrn},
          {"given_name", d.given_name},
          {"family_name", d.family_name},
          {"birth_date", to_iso_string(d.birth_date)},
          {"sex_at_birth", to_string(d.sex_at_birth)},
          {"weight_kg", optional(d.weight_kg)},
          {"height_cm", optional(d.height_cm)},
          {"phone", optional(d.phone)},
          {"email", optional(d.email)},
          {"emergency_contact", contact},
          {"diagnoses", diagnoses}};
}

OrderedJson patient_to_json(const PatientRecord& record) {
  OrderedJson json{{"id", record.id}};
  json.update(demographics_to_json(record.demographics));
  json["created_at"] = to_iso8601(record.created_at);
  json["updated_at"] = to_iso8601(record.updated_at);
  json["version"] = record.version;
  return json;
}

OrderedJson patient_brief_to_json(const PatientRecord& patient) {
  return {{"mrn", patient.demographics.mrn},
          {"given_name", patient.demographics.given_name},
          {"family_name", patient.demographics.family_name}};
}

OrderedJson PatientBriefs::operator()(const std::string& patient_id) {
  auto [it, added] = known_.try_emplace(patient_id);
  if (added) {
    const auto patient = store_.find_patient(patient_id);
    if (patient) it->second = patient_brief_to_json(*patient);
  }
  return it->second;
}

}  // namespace plasticity::server
