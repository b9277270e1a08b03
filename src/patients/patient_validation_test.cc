#include <gtest/gtest.h>

#include <cmath>

#include "patients/patient.h"

namespace plasticity {
namespace {

const CalendarDate kToday{2026, 11, 22};

PatientDemographics valid_patient() {
  PatientDemographics d;
  d.mrn = "DEMO-0001";
  d.given_name = "Ada";
  d.family_name = "Example";
  d.birth_date = {1980, 5, 17};
  d.sex_at_birth = SexAtBirth::female;
  d.weight_kg = 68.5;
  d.height_cm = 170;
  d.phone = "+1 (555) 010-0199";
  d.email = "ada@example.org";
  d.emergency_contact = EmergencyContact{"Bo Example", "spouse", "+1 555 010 0100"};
  d.diagnoses = {
      {"F33.2", "Major depressive disorder, recurrent severe without psychotic features"}};
  return d;
}

std::vector<std::string> fields_of(const FieldErrors& errors) {
  std::vector<std::string> fields;
  for (const auto& e : errors) fields.push_back(e.field + ":" + e.rule);
  return fields;
}

TEST(PatientValidation, AcceptsACompleteRecord) {
  EXPECT_TRUE(validate_demographics(valid_patient(), kToday).empty());
}

TEST(PatientValidation, AcceptsAMinimalRecord) {
  PatientDemographics d = valid_patient();
  d.weight_kg.reset();
  d.height_cm.reset();
  d.phone.reset();
  d.email.reset();
  d.emergency_contact.reset();
  d.diagnoses.clear();
  EXPECT_TRUE(validate_demographics(d, kToday).empty());
}

TEST(PatientValidation, BirthDateMayBeTodayButNotTomorrow) {
  PatientDemographics d = valid_patient();
  d.birth_date = kToday;
  EXPECT_TRUE(validate_demographics(d, kToday).empty());
  d.birth_date = {2026, 11, 23};
  EXPECT_EQ(fields_of(validate_demographics(d, kToday)),
            std::vector<std::string>{"birth_date:not_in_future"});
  d.birth_date = {1899, 12, 31};
  EXPECT_EQ(fields_of(validate_demographics(d, kToday)),
            std::vector<std::string>{"birth_date:minimum"});
}

TEST(PatientValidation, WeightAndHeightMustBePlausible) {
  PatientDemographics d = valid_patient();
  d.weight_kg = -70;
  d.height_cm = 0;
  EXPECT_EQ(fields_of(validate_demographics(d, kToday)),
            (std::vector<std::string>{"weight_kg:positive", "height_cm:positive"}));
  d.weight_kg = 68000;  // grams typed as kilograms
  d.height_cm = 301;
  EXPECT_EQ(fields_of(validate_demographics(d, kToday)),
            (std::vector<std::string>{"weight_kg:maximum", "height_cm:maximum"}));
  d.weight_kg = std::nan("");
  EXPECT_EQ(fields_of(validate_demographics(d, kToday)).front(), "weight_kg:positive");
}

TEST(PatientValidation, ReportsEveryBrokenRuleAtOnce) {
  PatientDemographics d = valid_patient();
  d.mrn = "A 1";
  d.given_name = "  ";
  d.family_name = std::string(101, 'x');
  d.email = "not-an-address";
  d.phone = "call me";
  EXPECT_EQ(
      fields_of(validate_demographics(d, kToday)),
      (std::vector<std::string>{"mrn:mrn_format", "given_name:required", "family_name:max_length",
                                "phone:phone_format", "email:email_format"}));
}

TEST(PatientValidation, NamesRefuseControlCharacters) {
  PatientDemographics d = valid_patient();
  d.given_name = "Ada\nDROP";
  EXPECT_EQ(fields_of(validate_demographics(d, kToday)),
            std::vector<std::string>{"given_name:no_control_characters"});
}

TEST(PatientValidation, DiagnosesNeedIcd10CodesOnce) {
  PatientDemographics d = valid_patient();
  d.diagnoses = {{"F33.2", "MDD"}, {"f43.10", "PTSD"}, {"F33.2", "again"}, {"F41.1", ""}};
  EXPECT_EQ(fields_of(validate_demographics(d, kToday)),
            (std::vector<std::string>{"diagnoses/1/code:icd10_format", "diagnoses/2/code:unique",
                                      "diagnoses/3/display:required"}));
}

TEST(PatientValidation, EmergencyContactNeedsNameAndPhone) {
  PatientDemographics d = valid_patient();
  d.emergency_contact = EmergencyContact{"", "", "12"};
  EXPECT_EQ(fields_of(validate_demographics(d, kToday)),
            (std::vector<std::string>{"emergency_contact/name:required",
                                      "emergency_contact/phone:phone_format"}));
}

}  // namespace
}  // namespace plasticity
