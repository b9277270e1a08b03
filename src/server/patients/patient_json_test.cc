#include "server/patients/patient_json.h"

#include <gtest/gtest.h>

namespace plasticity::server {
namespace {

std::vector<std::string> fields_of(const FieldErrors& errors) {
  std::vector<std::string> fields;
  for (const auto& e : errors) fields.push_back(e.field + ":" + e.rule);
  return fields;
}

const Json kComplete = Json::parse(R"({
  "mrn": "A-1", "given_name": "Ada", "family_name": "Example", "birth_date": "1980-05-17",
  "sex_at_birth": "female", "weight_kg": 68.5, "height_cm": null, "phone": "555 0100",
  "email": null, "emergency_contact": {"name": "Bo", "relationship": "spouse", "phone": "555 0101"},
  "diagnoses": [{"code": "F33.2", "display": "MDD, recurrent, severe"}]})");

TEST(PatientJson, ReadsACompleteRecordAndWritesItBack) {
  PatientDemographics d;
  EXPECT_TRUE(read_patient_fields(kComplete, d, FieldsMode::create).empty());
  EXPECT_EQ(d.birth_date, (CalendarDate{1980, 5, 17}));
  EXPECT_EQ(d.weight_kg, 68.5);
  EXPECT_FALSE(d.height_cm.has_value());
  ASSERT_TRUE(d.emergency_contact.has_value());
  EXPECT_EQ(d.emergency_contact->relationship, "spouse");
  EXPECT_EQ(Json(demographics_to_json(d)), kComplete);
}

TEST(PatientJson, CreateNamesEveryMissingRequiredField) {
  PatientDemographics d;
  EXPECT_EQ(fields_of(read_patient_fields(Json::parse(R"({"mrn": "A-1"})"), d, FieldsMode::create)),
            (std::vector<std::string>{"given_name:required", "family_name:required",
                                      "birth_date:required", "sex_at_birth:required"}));
}

TEST(PatientJson, NamesTypeErrorsUnknownAndServerFields) {
  PatientDemographics d;
  const Json body = Json::parse(R"({"mrn": 7, "weight_kg": "70", "sex_at_birth": "F",
      "birth_date": "2023-02-30", "nickname": "x", "version": 3,
      "diagnoses": [{"code": "F33.2", "display": "MDD", "severity": "high"}],
      "emergency_contact": "Bo"})");
  EXPECT_EQ(
      fields_of(read_patient_fields(body, d, FieldsMode::patch)),
      (std::vector<std::string>{"birth_date:date", "diagnoses/0/severity:unknown_field",
                                "emergency_contact:type", "mrn:type", "nickname:unknown_field",
                                "sex_at_birth:one_of", "version:read_only", "weight_kg:type"}));
}

TEST(PatientJson, PatchReplacesPresentFieldsAndNullClearsOptionalOnes) {
  PatientDemographics d;
  read_patient_fields(kComplete, d, FieldsMode::create);
  const Json patch =
      Json::parse(R"({"weight_kg": 70.1, "phone": null, "emergency_contact": null})");
  EXPECT_TRUE(read_patient_fields(patch, d, FieldsMode::patch).empty());
  EXPECT_EQ(d.weight_kg, 70.1);
  EXPECT_FALSE(d.phone.has_value());
  EXPECT_FALSE(d.emergency_contact.has_value());
  EXPECT_EQ(d.given_name, "Ada");
  EXPECT_EQ(
      fields_of(read_patient_fields(Json::parse(R"({"given_name": null})"), d, FieldsMode::patch)),
      std::vector<std::string>{"given_name:required"});
  EXPECT_EQ(fields_of(read_patient_fields(Json::array(), d, FieldsMode::patch)),
            std::vector<std::string>{":object"});
}

}  // namespace
}  // namespace plasticity::server
