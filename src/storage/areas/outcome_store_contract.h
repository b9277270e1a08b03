// What every engine's imports and whole-clinic reads must do, as typed tests (see
// audit_store_contract.h): a clinic's history imported in one transaction (or not at all), then
// read back by the outcome report (the cohort, one patient's record) and the safety figures. The
// type an engine instantiates them with exposes `imports()`, `outcomes()`, `sessions()`,
// `patients()` and `staff()` of one empty store. Each test starts with a nurse and patient "p1".
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "storage/areas/import_store.h"
#include "storage/areas/outcome_store.h"
#include "storage/areas/session_store.h"
#include "storage/areas/test_records.h"

namespace plasticity {

template <class Engine>
class OutcomeStoreContract : public test_records::Clinic<Engine> {
 protected:
  TreatmentSession session(const std::string& id, std::int64_t at) {
    return test_records::booked_session(id, "p2", at, this->nurse_);
  }

  SessionTransition move(const std::string& id, SessionPhase from, SessionPhase to,
                         std::int64_t at) {
    return {id, from, to, UtcTime{at}, this->nurse_, "", "", false, std::nullopt};
  }

  AssessmentRecord phq9(const std::string& id, std::int64_t at, int total) {
    AssessmentRecord a;
    a.id = id;
    a.patient_id = "p2";
    a.instrument_id = "phq9";
    a.instrument_version = "1";
    a.administered_at = UtcTime{at};
    a.source = "clinician";
    a.recorded_by = this->nurse_;
    a.score.total = total;
    a.score.complete = true;
    a.recorded_at = UtcTime{at};
    return a;
  }

  // Patient "p2" with two sessions (one dosed and discharged, one aborted after check-in), an
  // SBP alarm over 180, a sedation score and an adverse event, and two PHQ-9 totals.
  ImportBatch history() {
    ImportBatch batch;
    batch.staff_id = this->nurse_;
    batch.reason = "imported";
    batch.patients = {test_records::patient("p2", "M2", "Ada", "Lovelace")};
    batch.sessions = {session("s1", 10'000), session("s2", 20'000)};
    using P = SessionPhase;
    batch.transitions = {move("s1", P::scheduled, P::checked_in, 10'001),
                         move("s1", P::checked_in, P::ready, 10'002),
                         move("s1", P::ready, P::dosing, 10'003),
                         move("s1", P::dosing, P::recovery, 10'004),
                         move("s1", P::recovery, P::discharged, 10'005),
                         move("s2", P::scheduled, P::checked_in, 20'001),
                         move("s2", P::checked_in, P::aborted, 20'002)};
    batch.vitals = {{"s1",
                     {{"m", VitalKind::systolic_bp, 185, UtcTime{10'010}, UtcTime{10'010}}},
                     std::nullopt}};
    batch.events = {{"e1", "s1", "sedation", UtcTime{10'020}, this->nurse_, "", R"({"moaas":3})"},
                    {"e2", "s1", "adverse_event", UtcTime{10'030}, this->nurse_, "",
                     R"({"type":"nausea","severity":"mild","serious":false})"}};
    batch.assessments = {phq9("q2", 30'000, 8), phq9("q1", 5'000, 19)};
    batch.provenance = {
        {"patient", "p2", "csv:patients.csv", "patients.csv:2", "run-1", UtcTime{40'000}}};
    SessionAlarm alarm;
    alarm.id = "al1";
    alarm.session_id = "s1";
    alarm.rule_id = "sbp_critical_high";
    alarm.severity = AlarmSeverity::critical;
    alarm.message = "SBP 185";
    alarm.value = 185;
    alarm.raised_at = UtcTime{10'010};
    batch.alarms = {alarm};
    return batch;
  }
};

TYPED_TEST_SUITE_P(OutcomeStoreContract);

TYPED_TEST_P(OutcomeStoreContract, AnImportIsReadBackByTheOutcomeReport) {
  this->engine_.imports().import_records(this->history(), this->audit());
  EXPECT_EQ(this->engine_.imports().import_source("p2")->source_key, "patients.csv:2");
  EXPECT_FALSE(this->engine_.imports().import_source("p1"));
  EXPECT_EQ(this->engine_.sessions().find_treatment_session("s1")->phase, SessionPhase::discharged);
  EXPECT_EQ(this->engine_.sessions().session_vitals("s1", std::nullopt).size(), 1u);

  OutcomeStore& outcomes = this->engine_.outcomes();
  const auto cohort = outcomes.outcome_cohort("phq9");
  ASSERT_EQ(cohort.size(), 2u);  // p1 too, with nothing recorded
  const auto record = outcomes.outcome_record("phq9", "p2");
  ASSERT_TRUE(record);
  EXPECT_EQ(record->sex_at_birth, "female");
  EXPECT_EQ(record->diagnosis_codes, (std::vector<std::string>{"F33.2", "F43.10"}));
  ASSERT_EQ(record->dosed.size(), 1u);
  EXPECT_EQ(record->dosed[0].dosed_at, UtcTime{10'003});
  EXPECT_EQ(record->aborted_sessions, 1);
  ASSERT_EQ(record->assessments.size(), 2u);
  EXPECT_EQ(record->assessments[0].total, 19);  // in time order
  EXPECT_FALSE(outcomes.outcome_record("phq9", "nobody"));

  const SafetyRecords safety = outcomes.safety_records();
  EXPECT_EQ(safety.sessions_dosed, 1);
  EXPECT_EQ(safety.sessions_aborted, 1);
  ASSERT_EQ(safety.alarms.size(), 1u);
  EXPECT_EQ(safety.alarms[0].count, 1);
  EXPECT_EQ(safety.sessions_sbp_over_180, 1);
  EXPECT_EQ(safety.moaas, std::vector<int>{3});
  ASSERT_EQ(safety.adverse_events.size(), 1u);
  EXPECT_EQ(safety.adverse_events[0].type, "nausea");
}

TYPED_TEST_P(OutcomeStoreContract, AnImportThatCannotBeWrittenWholeWritesNothing) {
  ImportBatch batch = this->history();
  // The aborted session cannot then be discharged: the whole run is refused.
  batch.transitions.push_back(
      this->move("s2", SessionPhase::recovery, SessionPhase::discharged, 20'003));
  EXPECT_THROW(this->engine_.imports().import_records(batch, this->audit()), StoreError);
  EXPECT_FALSE(this->engine_.patients().find_patient("p2"));
  EXPECT_FALSE(this->engine_.sessions().find_treatment_session("s1"));
  EXPECT_EQ(this->engine_.outcomes().safety_records().sessions_dosed, 0);
}

REGISTER_TYPED_TEST_SUITE_P(OutcomeStoreContract, AnImportIsReadBackByTheOutcomeReport,
                            AnImportThatCannotBeWrittenWholeWritesNothing);

}  // namespace plasticity
