// The schedule in SQLite: a schedule change commits whole or not at all, outbox messages are
// withdrawn with their appointment, chairs, working hours and the outbox. (Screenings, plans and
// therapy notes are held to areas/planning_store_contract.h on both engines.)
#include <gtest/gtest.h>

#include "storage/areas/test_records.h"
#include "storage/sqlite/test_clinic.h"

namespace plasticity {
namespace {

class ScheduleStoreTest : public testing::TestClinic {
 protected:
  void SetUp() override {
    TestClinic::SetUp();
    store_->create_screening(test_records::screening(nurse_), audit());
    ASSERT_TRUE(store_->create_resource({"chair-1", "chair", "Chair 1", true}, audit()));
  }

  Appointment appointment(std::string id, int sequence, std::int64_t start) {
    return test_records::plan_appointment(nurse_, std::move(id), sequence, start);
  }

  PlanRecord plan() { return test_records::plan(nurse_); }
};

TEST_F(ScheduleStoreTest, AScheduleChangeCommitsWholeOrNotAtAll) {
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

TEST_F(ScheduleStoreTest, ResourcesHoursAndOutbox) {
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

}  // namespace
}  // namespace plasticity
