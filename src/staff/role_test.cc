#include "staff/role.h"

#include <gtest/gtest.h>

namespace plasticity {
namespace {

TEST(Role, ParsesEveryName) {
  for (auto name : role_names()) {
    auto role = parse_role(name);
    ASSERT_TRUE(role.has_value()) << name;
    EXPECT_EQ(to_string(*role), name);
  }
  EXPECT_FALSE(parse_role("Admin"));
  EXPECT_FALSE(parse_role("doctor"));
}

TEST(Role, ResearcherNeverReadsIdentifiedPatients) {
  EXPECT_FALSE(role_may(Role::researcher, Permission::read_patients));
  EXPECT_FALSE(role_may(Role::researcher, Permission::create_patients));
  EXPECT_FALSE(role_may(Role::researcher, Permission::update_patients));
  EXPECT_FALSE(role_may(Role::researcher, Permission::read_audit));
}

TEST(Role, TheCareTeamHandlesAlertsAndFrontDeskOnlySendsLinks) {
  for (Role role : {Role::prescriber, Role::nurse, Role::therapist}) {
    EXPECT_TRUE(role_may(role, Permission::manage_alerts));
    EXPECT_TRUE(role_may(role, Permission::record_assessments));
  }
  EXPECT_TRUE(role_may(Role::front_desk, Permission::send_assessment_links));
  EXPECT_FALSE(role_may(Role::front_desk, Permission::read_assessments));
  EXPECT_FALSE(role_may(Role::researcher, Permission::read_assessments));
  EXPECT_FALSE(role_may(Role::admin, Permission::manage_alerts));
  EXPECT_EQ(all_permissions().size(), 25u);
}

TEST(Role, OnlyTheAdminRunsStaffAccounts) {
  for (auto name : role_names()) {
    const Role role = *parse_role(name);
    EXPECT_EQ(role_may(role, Permission::manage_staff), role == Role::admin) << name;
    EXPECT_EQ(role_may(role, Permission::manage_settings), role == Role::admin) << name;
  }
  EXPECT_EQ(to_string(Permission::manage_staff), "manage_staff");
  EXPECT_EQ(to_string(Permission::manage_settings), "manage_settings");
  EXPECT_EQ(to_string(Permission::read_outcomes), "read_outcomes");
  for (const Role role : {Role::admin, Role::prescriber, Role::researcher}) {
    EXPECT_TRUE(role_may(role, Permission::read_outcomes));
  }
  EXPECT_FALSE(role_may(Role::nurse, Permission::read_outcomes));
}

TEST(Role, TheForecastIsForTheCareTeamItsModelForThoseWhoReadOutcomes) {
  for (auto name : role_names()) {
    const Role role = *parse_role(name);
    EXPECT_EQ(role_may(role, Permission::read_forecast),
              role == Role::prescriber || role == Role::nurse || role == Role::therapist)
        << name;
    EXPECT_EQ(role_may(role, Permission::refit_forecast),
              role == Role::admin || role == Role::prescriber)
        << name;
  }
  EXPECT_EQ(to_string(Permission::refit_forecast), "refit_forecast");
}

TEST(Role, SchedulingAndPsychotherapyNotes) {
  for (auto name : role_names()) {
    const Role role = *parse_role(name);
    // Everyone but the researcher sees the calendar; the front desk books but never prescribes.
    EXPECT_EQ(role_may(role, Permission::read_schedule), role != Role::researcher) << name;
    EXPECT_EQ(role_may(role, Permission::manage_rota),
              role == Role::admin || role == Role::front_desk)
        << name;
    EXPECT_EQ(role_may(role, Permission::write_therapy_notes),
              role == Role::therapist || role == Role::prescriber)
        << name;
    EXPECT_EQ(role_may(role, Permission::screen_patients),
              role == Role::prescriber || role == Role::nurse)
        << name;
  }
  EXPECT_TRUE(role_may(Role::front_desk, Permission::manage_schedule));
  EXPECT_FALSE(role_may(Role::therapist, Permission::manage_schedule));
}

TEST(Role, OnlyPrescribersPrescribeAndNursesRunTheChairs) {
  for (auto name : role_names()) {
    const Role role = *parse_role(name);
    EXPECT_EQ(role_may(role, Permission::prescribe_doses), role == Role::prescriber) << name;
    EXPECT_EQ(role_may(role, Permission::run_sessions),
              role == Role::prescriber || role == Role::nurse)
        << name;
    EXPECT_EQ(role_may(role, Permission::manage_devices), role == Role::admin) << name;
  }
  EXPECT_TRUE(role_may(Role::therapist, Permission::read_sessions));
  EXPECT_FALSE(role_may(Role::front_desk, Permission::read_sessions));
  EXPECT_FALSE(role_may(Role::researcher, Permission::read_sessions));
}

TEST(Role, OnlyAdminReadsTheAuditTrail) {
  for (auto name : role_names()) {
    const Role role = *parse_role(name);
    EXPECT_EQ(role_may(role, Permission::read_audit), role == Role::admin) << name;
  }
}

TEST(Role, FrontDeskRegistersTherapistOnlyReads) {
  EXPECT_TRUE(role_may(Role::front_desk, Permission::create_patients));
  EXPECT_TRUE(role_may(Role::front_desk, Permission::update_patients));
  EXPECT_TRUE(role_may(Role::therapist, Permission::read_patients));
  EXPECT_FALSE(role_may(Role::therapist, Permission::create_patients));
  EXPECT_FALSE(role_may(Role::therapist, Permission::update_patients));
  EXPECT_TRUE(role_may(Role::nurse, Permission::update_patients));  // weight before a session
}

}  // namespace
}  // namespace plasticity
