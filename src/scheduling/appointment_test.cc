// Every scheduling conflict, each on its own, and a clean booking with none.
#include "scheduling/appointment.h"

#include <gtest/gtest.h>

namespace plasticity {
namespace {

class Conflicts : public ::testing::Test {
 protected:
  Conflicts() {
    for (int day = 1; day <= 5; ++day) schedule_.opening_hours[day] = {{8 * 60, 18 * 60}};
    schedule_.appointment_types = {
        {"infusion", "IV ketamine infusion", 120, "chair", "iv_ketamine", false, {}, "s"},
        {"esketamine_session",
         "Esketamine session",
         135,
         "chair",
         "esketamine_nasal",
         true,
         {},
         "s"},
        {"consultation", "Consultation", 60, "room", "", false, {}, "s"}};
    resources_ = {{"chair-1", "chair", "Chair 1", true},
                  {"chair-2", "chair", "Chair 2", true},
                  {"room-a", "room", "Room A", true},
                  {"chair-old", "chair", "Old chair", false}};
    StaffRota nurse{1, "nina", Role::nurse, {}};
    for (int day = 1; day <= 5; ++day) nurse.hours.push_back({day, 8 * 60, 18 * 60});
    StaffRota prescriber{2, "dr_pat", Role::prescriber, {{1, 8 * 60, 12 * 60}}};  // Mondays
    rota_ = {nurse, prescriber};
  }

  // Monday 2026-12-07 in New York (UTC-5).
  static UtcTime monday(int hour, int minute = 0) {
    return {parse_iso8601("2026-12-07T00:00:00-05:00")->epoch_ms +
            (hour * 60 + minute) * kMillisPerMinute};
  }

  Appointment infusion(std::string id, UtcTime start, int minutes = 120) {
    Appointment a;
    a.id = std::move(id);
    a.patient_id = "patient-1";
    a.type_id = "infusion";
    a.resource_id = "chair-1";
    a.staff_ids = {1};
    a.starts_at = start;
    a.ends_at = {start.epoch_ms + minutes * kMillisPerMinute};
    a.status = AppointmentStatus::confirmed;
    return a;
  }

  std::vector<Conflict> conflicts(const Appointment& candidate) {
    return find_conflicts(candidate, {schedule_, zone_, resources_, rota_, confirmed_});
  }
  std::vector<std::string> rules(const Appointment& candidate) {
    std::vector<std::string> out;
    for (const auto& c : conflicts(candidate)) out.push_back(c.rule);
    return out;
  }

  ClinicSchedule schedule_;
  ClinicTimeZone zone_ = *ClinicTimeZone::locate("America/New_York");
  std::vector<Resource> resources_;
  std::vector<StaffRota> rota_;
  std::vector<Appointment> confirmed_;
};

using Rules = std::vector<std::string>;

TEST_F(Conflicts, ACleanBookingHasNone) {
  confirmed_ = {infusion("earlier", monday(8))};  // ends 10:00, exactly when this one starts
  EXPECT_TRUE(conflicts(infusion("new", monday(10))).empty());
}

TEST_F(Conflicts, ChairDoubleBooked) {
  Appointment other = infusion("other", monday(9));
  other.patient_id = "patient-2";
  other.staff_ids = {};
  confirmed_ = {other};
  const auto found = conflicts(infusion("new", monday(10)));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].rule, "chair_double_booked");
  EXPECT_EQ(found[0].message, "Chair 1 is already booked 2026-12-07 09:00-11:00");
}

TEST_F(Conflicts, StaffDoubleBooked) {
  Appointment other = infusion("other", monday(9));
  other.patient_id = "patient-2";
  other.resource_id = "chair-2";
  confirmed_ = {other};
  EXPECT_EQ(rules(infusion("new", monday(10))), Rules{"staff_double_booked"});
}

TEST_F(Conflicts, PatientInTwoPlaces) {
  Appointment consult = infusion("consult", monday(11));
  consult.type_id = "consultation";
  consult.resource_id = "room-a";
  consult.staff_ids = {};
  consult.ends_at = monday(12);
  confirmed_ = {consult};
  EXPECT_EQ(rules(infusion("new", monday(10))), Rules{"patient_double_booked"});
}

TEST_F(Conflicts, CancelledAndProposedAppointmentsDoNotBlock) {
  Appointment cancelled = infusion("cancelled", monday(10));
  cancelled.status = AppointmentStatus::cancelled;
  Appointment proposed = infusion("proposed", monday(10));
  proposed.status = AppointmentStatus::proposed;
  confirmed_ = {cancelled, proposed};
  EXPECT_TRUE(conflicts(infusion("new", monday(10))).empty());
}

TEST_F(Conflicts, OutsideOpeningHours) {
  EXPECT_EQ(rules(infusion("late", monday(17))),
            (Rules{"outside_opening_hours", "staff_off_duty"}));
  Appointment saturday = infusion("sat", {monday(10).epoch_ms + 5 * 24 * 60 * kMillisPerMinute});
  saturday.staff_ids = {};
  EXPECT_EQ(rules(saturday), Rules{"outside_opening_hours"});
}

TEST_F(Conflicts, StaffOffDuty) {
  Appointment tuesday = infusion("tue", {monday(9).epoch_ms + 24 * 60 * kMillisPerMinute});
  tuesday.staff_ids = {2};  // the prescriber works Monday mornings only
  const auto found = conflicts(tuesday);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].rule, "staff_off_duty");
  EXPECT_EQ(found[0].message, "dr_pat is not working 2026-12-08 09:00-11:00");
}

TEST_F(Conflicts, EsketamineNeedsAPrescriberOnSiteForTheWholeSession) {
  Appointment esk = infusion("esk", monday(9), 135);
  esk.type_id = "esketamine_session";
  EXPECT_TRUE(conflicts(esk).empty());  // 09:00-11:15, prescriber until 12:00
  esk.starts_at = monday(10);
  esk.ends_at = monday(12, 15);
  EXPECT_EQ(rules(esk), Rules{"no_prescriber_on_site"});
}

TEST_F(Conflicts, ChairTimeTypeAndResource) {
  Appointment esk = infusion("esk", monday(9), 120);
  esk.type_id = "esketamine_session";
  EXPECT_EQ(rules(esk), Rules{"too_short"});
  Appointment in_room = infusion("room", monday(9));
  in_room.resource_id = "room-a";
  EXPECT_EQ(rules(in_room), Rules{"wrong_resource_kind"});
  Appointment retired = infusion("retired", monday(9));
  retired.resource_id = "chair-old";
  EXPECT_EQ(rules(retired), Rules{"unknown_resource"});
  Appointment unknown = infusion("unknown", monday(9));
  unknown.type_id = "massage";
  EXPECT_EQ(rules(unknown), Rules{"unknown_type"});
}

}  // namespace
}  // namespace plasticity
