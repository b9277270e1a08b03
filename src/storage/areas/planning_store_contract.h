// What every engine's screenings, plans and therapy notes must do, as typed tests (see
// audit_store_contract.h). The type an engine instantiates them with exposes `planning()`,
// `therapy_notes()`, `patients()` and `staff()` of one empty store, and `execute(sql)` and
// `count(sql)` on the same database, to set up a chair and to try what the store never does
// (changing a note). Each test starts with a nurse, patient "p1", screening "sc1" and a chair.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "storage/areas/common.h"
#include "storage/areas/patient_store.h"
#include "storage/areas/planning_store.h"
#include "storage/areas/staff_store.h"
#include "storage/areas/test_records.h"
#include "storage/areas/therapy_note_store.h"

namespace plasticity {

template <class Engine>
class PlanningStoreContract : public test_records::Clinic<Engine> {
 protected:
  void SetUp() override {
    test_records::Clinic<Engine>::SetUp();
    store().create_screening(test_records::screening(this->nurse_), this->audit());
    this->engine_.execute(
        "INSERT INTO resources (id, kind, name, active) VALUES ('chair-1', 'chair', 'Chair 1', 1)");
  }

  PlanningStore& store() { return this->engine_.planning(); }
  TherapyNoteStore& notes() { return this->engine_.therapy_notes(); }
  PlanRecord plan() { return test_records::plan(this->nurse_); }
  Appointment appointment(std::string id, int sequence, std::int64_t start) {
    return test_records::plan_appointment(this->nurse_, std::move(id), sequence, start);
  }
};

TYPED_TEST_SUITE_P(PlanningStoreContract);

TYPED_TEST_P(PlanningStoreContract, AScreeningIsSignedOnce) {
  PlanningStore& store = this->store();
  const ScreeningSignOff sign{"sc1", "approved",   R"([{"rule_id":"x"}])",
                              "ok",  this->nurse_, UtcTime{30}};
  EXPECT_EQ(store.sign_off_screening(sign, this->audit()), AcknowledgeStatus::ok);
  EXPECT_EQ(store.sign_off_screening(sign, this->audit()), AcknowledgeStatus::already_acknowledged);
  EXPECT_EQ(store.sign_off_screening({"nope", "approved", "[]", "", this->nurse_, UtcTime{30}},
                                     this->audit()),
            AcknowledgeStatus::not_found);
  const auto read = store.find_screening("sc1");
  ASSERT_TRUE(read);
  EXPECT_EQ(read->decision, "approved");
  EXPECT_EQ(read->signed_by_username, "nurse");
  EXPECT_EQ(read->intake_json, R"({"ptsd": true})");
  EXPECT_EQ(store.patient_screenings("p1").size(), 1u);
  // Signed means kept: the database itself refuses a change or a deletion.
  EXPECT_THROW(this->engine_.execute("UPDATE screenings SET decision = 'declined'"), StoreError);
  EXPECT_THROW(this->engine_.execute("DELETE FROM screenings"), StoreError);
}

TYPED_TEST_P(PlanningStoreContract, OneCoursePerScreeningAndEveryVersionKept) {
  PlanningStore& store = this->store();
  EXPECT_EQ(store.create_plan(this->plan(),
                              {this->appointment("a1", 1, 1000), this->appointment("a2", 2, 5000)},
                              this->audit()),
            PlanWriteStatus::ok);
  PlanRecord second = this->plan();
  second.id = "plan2";
  EXPECT_EQ(store.create_plan(second, {}, this->audit()), PlanWriteStatus::screening_used);
  EXPECT_FALSE(store.find_plan("plan2"));

  EXPECT_EQ(store.revise_plan({"plan1", 2, R"({"sessions": 8})", UtcTime{40}, this->nurse_, "",
                               "two more for partial response"},
                              this->audit()),
            PlanWriteStatus::ok);
  EXPECT_EQ(
      store.revise_plan({"plan1", 2, "{}", UtcTime{41}, this->nurse_, "", "stale"}, this->audit()),
      PlanWriteStatus::version_conflict);
  EXPECT_EQ(store.revise_plan({"none", 2, "{}", UtcTime{41}, this->nurse_, "", ""}, this->audit()),
            PlanWriteStatus::not_found);
  const auto current = store.find_plan("plan1");
  EXPECT_EQ(current->version, 2);
  EXPECT_EQ(current->body_json, R"({"sessions": 8})");
  const auto versions = store.plan_versions("plan1");
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_EQ(versions[0].body_json, R"({"sessions": 6})");
  EXPECT_EQ(versions[1].reason, "two more for partial response");
  EXPECT_EQ(store.patient_plans("p1").size(), 1u);
  EXPECT_EQ(this->engine_.count("SELECT count(*) FROM appointments WHERE plan_id = 'plan1'"), 2);
}

TYPED_TEST_P(PlanningStoreContract, TherapyNotesKeepGrantsAndAreNeverEdited) {
  TherapyNoteStore& notes = this->notes();
  const auto therapist =
      *this->engine_.staff().create_staff({0, "theo", Role::therapist, "$argon2id$x", UtcTime{1}});
  notes.create_therapy_note(
      {"n1", "p1", "kap_integration", "", R"({"themes": "grief"})", therapist, "", UtcTime{50}, {}},
      this->audit());
  notes.grant_therapy_note("n1", this->nurse_, therapist, UtcTime{60}, this->audit());
  notes.grant_therapy_note("n1", this->nurse_, therapist, UtcTime{61}, this->audit());  // once
  const auto note = notes.find_therapy_note("n1");
  ASSERT_TRUE(note);
  EXPECT_EQ(note->author_username, "theo");
  EXPECT_EQ(note->treatment_session_id, "");
  EXPECT_EQ(note->granted, (std::vector<std::int64_t>{this->nurse_}));
  EXPECT_EQ(notes.patient_therapy_notes("p1").size(), 1u);
  EXPECT_FALSE(notes.find_therapy_note("n2"));
  EXPECT_THROW(this->engine_.execute("UPDATE therapy_notes SET sections = '{}'"), StoreError);
  EXPECT_THROW(this->engine_.execute("DELETE FROM therapy_notes"), StoreError);
}

REGISTER_TYPED_TEST_SUITE_P(PlanningStoreContract, AScreeningIsSignedOnce,
                            OneCoursePerScreeningAndEveryVersionKept,
                            TherapyNotesKeepGrantsAndAreNeverEdited);

}  // namespace plasticity
