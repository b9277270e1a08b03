// Screenings sign once, a screening starts one course, plan versions are kept, a schedule change
// commits whole or not at all, outbox messages are withdrawn with their appointment, therapy
// notes keep their grants and cannot be edited.
#include <gtest/gtest.h>

#include "storage/sqlite/test_clinic.h"

namespace plasticity {
namespace {

class PlanningStoreTest : public testing::TestClinic {
 protected:
  void SetUp() override {
    TestClinic::SetUp();
    ScreeningRecord screening;
    screening.id = "sc1";
    screening.patient_id = "p1";
    screening.protocol_id = "iv_ketamine";
    screening.intake_json = R"({"ptsd": true})";
    screening.eligibility = "needs_review";
    screening.fired_json = "[]";
    screening.screened_at = UtcTime{10};
    screening.screened_by = nurse_;
    store_->create_screening(screening, audit());
    ASSERT_TRUE(store_->create_resource({"chair-1", "chair", "Chair 1", true}, audit()));
  }

  Appointment appointment(std::string id, int sequence, std::int64_t start) {
    Appointment a;
    a.id = std::move(id);
    a.patient_id = "p1";
    a.type_id = "infusion";
    a.resource_id = "chair-1";
    a.staff_ids = {nurse_};
    a.starts_at = UtcTime{start};
    a.ends_at = UtcTime{start + 100};
    a.plan_id = "plan1";
    a.plan_sequence = sequence;
    a.created_by = nurse_;
    a.created_at = UtcTime{20};
    return a;
  }

  PlanRecord plan() {
    return {"plan1", "p1",   "sc1",       "iv_ketamine", R"({"sessions": 6})",
            1,       nurse_, UtcTime{20}, std::nullopt,  std::nullopt};
  }
};

TEST_F(PlanningStoreTest, AScreeningIsSignedOnce) {
  const ScreeningSignOff sign{"sc1", "approved", R"([{"rule_id":"x"}])", "ok", nurse_, UtcTime{30}};
  EXPECT_EQ(store_->sign_off_screening(sign, audit()), AcknowledgeStatus::ok);
  EXPECT_EQ(store_->sign_off_screening(sign, audit()), AcknowledgeStatus::already_acknowledged);
  EXPECT_EQ(
      store_->sign_off_screening({"nope", "approved", "[]", "", nurse_, UtcTime{30}}, audit()),
      AcknowledgeStatus::not_found);
  const auto read = store_->find_screening("sc1");
  ASSERT_TRUE(read);
  EXPECT_EQ(read->decision, "approved");
  EXPECT_EQ(read->signed_by_username, "nurse");
  EXPECT_EQ(read->intake_json, R"({"ptsd": true})");
  EXPECT_EQ(store_->patient_screenings("p1").size(), 1u);
}

TEST_F(PlanningStoreTest, OneCoursePerScreeningAndEveryVersionKept) {
  EXPECT_EQ(store_->create_plan(plan(), {appointment("a1", 1, 1000), appointment("a2", 2, 5000)},
                                audit()),
            PlanWriteStatus::ok);
  PlanRecord second = plan();
  second.id = "plan2";
  EXPECT_EQ(store_->create_plan(second, {}, audit()), PlanWriteStatus::screening_used);
  EXPECT_FALSE(store_->find_plan("plan2"));

  EXPECT_EQ(store_->revise_plan({"plan1", 2, R"({"sessions": 8})", UtcTime{40}, nurse_, "",
                                 "two more for partial response"},
                                audit()),
            PlanWriteStatus::ok);
  EXPECT_EQ(store_->revise_plan({"plan1", 2, "{}", UtcTime{41}, nurse_, "", "stale"}, audit()),
            PlanWriteStatus::version_conflict);
  const auto current = store_->find_plan("plan1");
  EXPECT_EQ(current->version, 2);
  EXPECT_EQ(current->body_json, R"({"sessions": 8})");
  const auto versions = store_->plan_versions("plan1");
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_EQ(versions[0].body_json, R"({"sessions": 6})");
  EXPECT_EQ(versions[1].reason, "two more for partial response");
  EXPECT_EQ(store_->plan_appointments("plan1").size(), 2u);
}

TEST_F(PlanningStoreTest, AScheduleChangeCommitsWholeOrNotAtAll) {
  store_->create_plan(plan(), {appointment("a1", 1, 1000), appointment("a2", 2, 5000)}, audit());
  Appointment first = appointment("a1", 1, 1000);
  first.status = AppointmentStatus::confirmed;
  first.version = 2;
  ScheduleChange change;
  change.appointments = {first};
  change.messages = {{"m1", "a1", "p1", "escort_home", "Bring an adult", UtcTime{900}, "pending",
                      UtcTime{30}, std::nullopt}};
  change.confirm_plan_id = "plan1";
  change.staff_id = nurse_;
  change.at = UtcTime{30};
  EXPECT_EQ(store_->apply_schedule_change(change, audit()), ScheduleWriteStatus::ok);
  EXPECT_EQ(store_->find_appointment("a1")->status, AppointmentStatus::confirmed);
  EXPECT_TRUE(store_->find_plan("plan1")->confirmed_at);

  // The same change again is stale (a1 is at version 2 now): nothing of it is written.
  Appointment second = appointment("a2", 2, 5000);
  second.status = AppointmentStatus::confirmed;
  second.version = 2;
  change.appointments = {second, first};
  change.messages = {
      {"m2", "a2", "p1", "escort_home", "x", UtcTime{4900}, "pending", UtcTime{31}, std::nullopt}};
  EXPECT_EQ(store_->apply_schedule_change(change, audit()), ScheduleWriteStatus::version_conflict);
  EXPECT_EQ(store_->find_appointment("a2")->status, AppointmentStatus::proposed);
  EXPECT_EQ(store_->outbox("").size(), 1u);

  // Moving a1 withdraws its unsent instruction.
  Appointment moved = *store_->find_appointment("a1");
  moved.starts_at = UtcTime{2000};
  moved.ends_at = UtcTime{2100};
  moved.version = 3;
  EXPECT_EQ(store_->apply_schedule_change(
                {{moved}, {}, {}, {}, {}, {"a1"}, {}, nurse_, UtcTime{40}}, audit()),
            ScheduleWriteStatus::ok);
  EXPECT_EQ(store_->outbox("pending").size(), 0u);
  EXPECT_EQ(store_->outbox("withdrawn").size(), 1u);
  EXPECT_EQ(store_->appointments_between(UtcTime{2050}, UtcTime{2060}).size(), 1u);
  EXPECT_EQ(store_->appointments_between(UtcTime{2100}, UtcTime{4000}).size(), 0u);
}

TEST_F(PlanningStoreTest, ResourcesHoursAndOutbox) {
  EXPECT_FALSE(store_->create_resource({"chair-9", "chair", "Chair 1", true}, audit()));
  store_->set_working_hours(nurse_, {{1, 480, 1020}, {3, 480, 720}}, audit());
  store_->set_working_hours(nurse_, {{2, 480, 1020}}, audit());  // replaces
  const auto rota = store_->staff_rota();
  ASSERT_EQ(rota.size(), 1u);
  EXPECT_EQ(rota[0].role, Role::nurse);
  ASSERT_EQ(rota[0].hours.size(), 1u);
  EXPECT_EQ(rota[0].hours[0].weekday, 2);

  store_->create_plan(plan(), {appointment("a1", 1, 1000)}, audit());
  store_->apply_schedule_change(
      {{},
       {},
       {},
       {},
       {{"m1", "a1", "p1", "i", "t", UtcTime{900}, "pending", UtcTime{30}, std::nullopt}},
       {},
       {},
       nurse_,
       UtcTime{30}},
      audit());
  EXPECT_EQ(store_->mark_message_sent("m1", UtcTime{950}, audit()), AcknowledgeStatus::ok);
  EXPECT_EQ(store_->mark_message_sent("m1", UtcTime{951}, audit()),
            AcknowledgeStatus::already_acknowledged);
  EXPECT_EQ(store_->outbox("sent").at(0).sent_at, UtcTime{950});
}

TEST_F(PlanningStoreTest, TherapyNotesKeepGrantsAndAreNeverEdited) {
  const auto therapist =
      *store_->create_staff({0, "theo", Role::therapist, "$argon2id$x", UtcTime{1}});
  store_->create_therapy_note(
      {"n1", "p1", "kap_integration", "", R"({"themes": "grief"})", therapist, "", UtcTime{50}, {}},
      audit());
  store_->grant_therapy_note("n1", nurse_, therapist, UtcTime{60}, audit());
  store_->grant_therapy_note("n1", nurse_, therapist, UtcTime{61}, audit());  // once is enough
  const auto note = store_->find_therapy_note("n1");
  ASSERT_TRUE(note);
  EXPECT_EQ(note->author_username, "theo");
  EXPECT_EQ(note->granted, (std::vector<std::int64_t>{nurse_}));
  EXPECT_EQ(store_->patient_therapy_notes("p1").size(), 1u);
  sqlite::Connection raw{dir_.path() / "p.db"};
  EXPECT_THROW(raw.execute("UPDATE therapy_notes SET sections = '{}'"), StoreError);
  EXPECT_THROW(raw.execute("DELETE FROM screenings"), StoreError);
}

}  // namespace
}  // namespace plasticity
