// What every engine's schedule must do, as typed tests (see audit_store_contract.h): a schedule
// change commits whole or not at all, outbox messages are withdrawn with their appointment, booked
// sessions move and are cancelled with theirs; chairs, working hours and the outbox; the schedule's
// lock. The type an engine instantiates them with exposes `schedule()`, `planning()`, `sessions()`,
// `patients()` and `staff()` of one empty store, and `other_server()`: the schedule as another
// server process on the same database sees it (the same store where one process owns it). Each test
// starts with a nurse, patient "p1", screening "sc1" and "chair-1".
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

#include "storage/areas/planning_store.h"
#include "storage/areas/schedule_store.h"
#include "storage/areas/session_store.h"
#include "storage/areas/test_records.h"

namespace plasticity {

template <class Engine>
class ScheduleStoreContract : public test_records::Clinic<Engine> {
 protected:
  void SetUp() override {
    test_records::Clinic<Engine>::SetUp();
    this->engine_.planning().create_screening(test_records::screening(this->nurse_), this->audit());
    ASSERT_TRUE(store().create_resource({"chair-1", "chair", "Chair 1", true}, this->audit()));
  }

  ScheduleStore& store() { return this->engine_.schedule(); }
  Appointment appointment(std::string id, int sequence, std::int64_t start) {
    return test_records::plan_appointment(this->nurse_, std::move(id), sequence, start);
  }
  PlanRecord plan() { return test_records::plan(this->nurse_); }
};

TYPED_TEST_SUITE_P(ScheduleStoreContract);

TYPED_TEST_P(ScheduleStoreContract, AScheduleChangeCommitsWholeOrNotAtAll) {
  ScheduleStore& store = this->store();
  PlanningStore& planning = this->engine_.planning();
  planning.create_plan(this->plan(),
                       {this->appointment("a1", 1, 1000), this->appointment("a2", 2, 5000)},
                       this->audit());
  Appointment first = this->appointment("a1", 1, 1000);
  first.status = AppointmentStatus::confirmed;
  first.version = 2;
  ScheduleChange change;
  change.appointments = {first};
  change.messages = {{"m1", "a1", "p1", "escort_home", "Bring an adult", UtcTime{900}, "pending",
                      UtcTime{30}, std::nullopt}};
  change.confirm_plan_id = "plan1";
  change.staff_id = this->nurse_;
  change.at = UtcTime{30};
  EXPECT_EQ(store.apply_schedule_change(change, this->audit()), ScheduleWriteStatus::ok);
  EXPECT_EQ(store.find_appointment("a1")->status, AppointmentStatus::confirmed);
  EXPECT_TRUE(planning.find_plan("plan1")->confirmed_at);

  // The same change again is stale (a1 is at version 2 now): nothing of it is written.
  Appointment second = this->appointment("a2", 2, 5000);
  second.status = AppointmentStatus::confirmed;
  second.version = 2;
  change.appointments = {second, first};
  change.messages = {
      {"m2", "a2", "p1", "escort_home", "x", UtcTime{4900}, "pending", UtcTime{31}, std::nullopt}};
  EXPECT_EQ(store.apply_schedule_change(change, this->audit()),
            ScheduleWriteStatus::version_conflict);
  EXPECT_EQ(store.find_appointment("a2")->status, AppointmentStatus::proposed);
  EXPECT_EQ(store.outbox("").size(), 1u);

  // Moving a1 withdraws its unsent instruction.
  Appointment moved = *store.find_appointment("a1");
  moved.starts_at = UtcTime{2000};
  moved.ends_at = UtcTime{2100};
  moved.version = 3;
  EXPECT_EQ(store.apply_schedule_change(
                {{moved}, {}, {}, {}, {}, {"a1"}, {}, this->nurse_, UtcTime{40}}, this->audit()),
            ScheduleWriteStatus::ok);
  EXPECT_EQ(store.outbox("pending").size(), 0u);
  EXPECT_EQ(store.outbox("withdrawn").size(), 1u);
  EXPECT_EQ(store.appointments_between(UtcTime{2050}, UtcTime{2060}).size(), 1u);
  EXPECT_EQ(store.appointments_between(UtcTime{2100}, UtcTime{4000}).size(), 0u);
}

TYPED_TEST_P(ScheduleStoreContract, ResourcesHoursAndOutbox) {
  ScheduleStore& store = this->store();
  PlanningStore& planning = this->engine_.planning();
  EXPECT_FALSE(store.create_resource({"chair-9", "chair", "Chair 1", true}, this->audit()));
  store.set_working_hours(this->nurse_, {{1, 480, 1020}, {3, 480, 720}}, this->audit());
  store.set_working_hours(this->nurse_, {{2, 480, 1020}}, this->audit());  // replaces
  const auto rota = store.staff_rota();
  ASSERT_EQ(rota.size(), 1u);
  EXPECT_EQ(rota[0].role, Role::nurse);
  ASSERT_EQ(rota[0].hours.size(), 1u);
  EXPECT_EQ(rota[0].hours[0].weekday, 2);

  planning.create_plan(this->plan(), {this->appointment("a1", 1, 1000)}, this->audit());
  store.apply_schedule_change(
      {{},
       {},
       {},
       {},
       {{"m1", "a1", "p1", "i", "t", UtcTime{900}, "pending", UtcTime{30}, std::nullopt}},
       {},
       {},
       this->nurse_,
       UtcTime{30}},
      this->audit());
  EXPECT_EQ(store.mark_message_sent("m1", UtcTime{950}, this->audit()), AcknowledgeStatus::ok);
  EXPECT_EQ(store.mark_message_sent("m1", UtcTime{951}, this->audit()),
            AcknowledgeStatus::already_acknowledged);
  EXPECT_EQ(store.outbox("sent").at(0).sent_at, UtcTime{950});
}

TYPED_TEST_P(ScheduleStoreContract, ABookedSessionMovesAndIsCancelledWithItsAppointment) {
  ScheduleStore& store = this->store();
  this->engine_.planning().create_plan(this->plan(), {this->appointment("a1", 1, 1000)},
                                       this->audit());
  TreatmentSession session = test_records::booked_session("s1", "p1", 1000, this->nurse_);
  Appointment booked = *store.find_appointment("a1");
  booked.status = AppointmentStatus::confirmed;
  booked.treatment_session_id = "s1";
  booked.version = 2;
  ScheduleChange book;
  book.appointments = {booked};
  book.sessions = {session};
  book.staff_id = this->nurse_;
  EXPECT_EQ(store.apply_schedule_change(book, this->audit()), ScheduleWriteStatus::ok);
  EXPECT_EQ(store.appointment_for_session("s1")->id, "a1");

  session.scheduled_at = UtcTime{3000};
  booked.starts_at = UtcTime{3000};
  booked.ends_at = UtcTime{3100};
  booked.version = 3;
  ScheduleChange move;
  move.appointments = {booked};
  move.rescheduled = {session};
  EXPECT_EQ(store.apply_schedule_change(move, this->audit()), ScheduleWriteStatus::ok);
  EXPECT_EQ(this->engine_.sessions().find_treatment_session("s1")->scheduled_at, UtcTime{3000});

  // Cancelled from a phase it is no longer in: stale, and the appointment stays as it was.
  booked.status = AppointmentStatus::cancelled;
  booked.version = 4;
  ScheduleChange cancel;
  cancel.appointments = {booked};
  cancel.cancelled = {{"s1", SessionPhase::checked_in, SessionPhase::aborted, UtcTime{50},
                       this->nurse_, "", "cancelled", false, std::nullopt}};
  EXPECT_EQ(store.apply_schedule_change(cancel, this->audit()),
            ScheduleWriteStatus::version_conflict);
  EXPECT_EQ(store.find_appointment("a1")->status, AppointmentStatus::confirmed);
  cancel.cancelled[0].from = SessionPhase::scheduled;
  EXPECT_EQ(store.apply_schedule_change(cancel, this->audit()), ScheduleWriteStatus::ok);
  EXPECT_EQ(this->engine_.sessions().find_treatment_session("s1")->phase, SessionPhase::aborted);
  EXPECT_TRUE(store.appointments_between(UtcTime{0}, UtcTime{10000}).empty());
  EXPECT_EQ(store.patient_appointments("p1").size(), 1u);
}

TYPED_TEST_P(ScheduleStoreContract, TheScheduleLockShutsOutEveryOtherBookingUntilReleased) {
  ScheduleStore& other_server = this->engine_.other_server();
  std::atomic<bool> released{false};
  std::atomic<bool> taken_while_held{false};
  auto held = this->store().lock_schedule();
  std::thread other_desk([&] {
    const auto lock = other_server.lock_schedule();
    taken_while_held = !released;
  });
  // Time enough for the other desk to take the lock if it were not held (no timing is judged:
  // with the lock working, the test passes however slow the machine).
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  released = true;
  held.reset();
  other_desk.join();
  EXPECT_FALSE(taken_while_held);
  // Released by the other desk in turn: the schedule can be locked again.
  EXPECT_NE(this->store().lock_schedule(), nullptr);
}

REGISTER_TYPED_TEST_SUITE_P(ScheduleStoreContract, AScheduleChangeCommitsWholeOrNotAtAll,
                            ResourcesHoursAndOutbox,
                            ABookedSessionMovesAndIsCancelledWithItsAppointment,
                            TheScheduleLockShutsOutEveryOtherBookingUntilReleased);

}  // namespace plasticity
