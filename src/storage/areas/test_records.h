// The records storage tests start from, shared by the areas' contracts (areas/*_contract.h) and
// the engine tests of areas not yet on both engines.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "storage/areas/patient_store.h"
#include "storage/areas/planning_store.h"
#include "storage/areas/session_store.h"
#include "storage/areas/staff_store.h"

namespace plasticity::test_records {

// A whole record: weight, an emergency contact and two diagnoses.
inline PatientRecord patient(const std::string& id, const std::string& mrn,
                             const std::string& given, const std::string& family) {
  PatientRecord record;
  record.id = id;
  record.demographics.mrn = mrn;
  record.demographics.given_name = given;
  record.demographics.family_name = family;
  record.demographics.birth_date = {1980, 1, 2};
  record.demographics.sex_at_birth = SexAtBirth::female;
  record.demographics.weight_kg = 70.25;
  record.demographics.emergency_contact = EmergencyContact{"Kin", "", "555 0100"};
  record.demographics.diagnoses = {{"F33.2", "MDD"}, {"F43.10", "PTSD"}};
  record.created_at = record.updated_at = UtcTime{1000};
  return record;
}

// Patient "p1" (MRN "M1") with only what registration needs.
inline PatientRecord first_patient() {
  PatientRecord patient;
  patient.id = "p1";
  patient.demographics.mrn = "M1";
  patient.demographics.given_name = "A";
  patient.demographics.family_name = "B";
  return patient;
}

// Screening "sc1" of patient "p1", waiting for its sign-off.
inline ScreeningRecord screening(std::int64_t screened_by) {
  ScreeningRecord screening;
  screening.id = "sc1";
  screening.patient_id = "p1";
  screening.protocol_id = "iv_ketamine";
  screening.intake_json = R"({"ptsd": true})";
  screening.eligibility = "needs_review";
  screening.fired_json = "[]";
  screening.screened_at = UtcTime{10};
  screening.screened_by = screened_by;
  return screening;
}

// Plan "plan1" from screening "sc1", and its infusions on "chair-1".
inline PlanRecord plan(std::int64_t written_by) {
  return {"plan1", "p1",       "sc1",       "iv_ketamine", R"({"sessions": 6})",
          1,       written_by, UtcTime{20}, std::nullopt,  std::nullopt};
}

inline Appointment plan_appointment(std::int64_t nurse, std::string id, int sequence,
                                    std::int64_t start) {
  Appointment a;
  a.id = std::move(id);
  a.patient_id = "p1";
  a.type_id = "infusion";
  a.resource_id = "chair-1";
  a.staff_ids = {nurse};
  a.starts_at = UtcTime{start};
  a.ends_at = UtcTime{start + 100};
  a.plan_id = "plan1";
  a.plan_sequence = sequence;
  a.created_by = nurse;
  a.created_at = UtcTime{20};
  return a;
}

// An IV ketamine session of `patient_id` in "Chair 1", booked at `at` by `nurse`, with no dose yet.
inline TreatmentSession booked_session(const std::string& id, const std::string& patient_id,
                                       std::int64_t at, std::int64_t nurse) {
  TreatmentSession session;
  session.id = id;
  session.patient_id = patient_id;
  session.protocol_id = "iv_ketamine";
  session.chair = "Chair 1";
  session.scheduled_at = session.created_at = UtcTime{at};
  session.created_by = nurse;
  return session;
}

// A clinic of one nurse and one patient ("p1", MRN "M1") on an engine's empty store: the start of
// the contracts that record things about a patient. `Engine` exposes staff() and patients().
template <class Engine>
class Clinic : public ::testing::Test {
 protected:
  void SetUp() override {
    nurse_ = *engine_.staff().create_staff({0, "nurse", Role::nurse, "$argon2id$x", UtcTime{1}});
    engine_.patients().create_patient(first_patient(), nurse_, audit());
  }

  AuditEntry audit() {
    return AuditEntry{0, UtcTime{1}, nurse_, "nurse", "nurse", "x", "success", "p1", "r", "l", ""};
  }

  Engine engine_;
  std::int64_t nurse_ = 0;
};

}  // namespace plasticity::test_records
