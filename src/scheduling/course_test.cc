#include "scheduling/course.h"

#include <gtest/gtest.h>

#include "interop/planning_json.h"

namespace plasticity {
namespace {

ClinicSchedule weekdays_only() {
  ClinicSchedule schedule;
  for (int day = 1; day <= 5; ++day) schedule.opening_hours[day] = {{8 * 60, 18 * 60}};
  return schedule;
}

std::vector<std::string> iso(const std::vector<CalendarDate>& dates) {
  std::vector<std::string> out;
  for (const auto& d : dates) out.push_back(to_iso_string(d));
  return out;
}

TEST(CourseDates, SixInfusionsTwiceWeekly) {  // ELEKT-D (clinical-reference §1.5)
  EXPECT_EQ(iso(course_dates({{6, 2}}, {2026, 12, 7}, weekdays_only())),
            (std::vector<std::string>{"2026-12-07", "2026-12-10", "2026-12-14", "2026-12-17",
                                      "2026-12-21", "2026-12-24"}));
}

TEST(CourseDates, SixInfusionsThriceWeekly) {  // Murrough 2013, Phillips 2019 (§1.5)
  EXPECT_EQ(iso(course_dates({{6, 3}}, {2026, 12, 7}, weekdays_only())),
            (std::vector<std::string>{"2026-12-07", "2026-12-09", "2026-12-11", "2026-12-14",
                                      "2026-12-16", "2026-12-18"}));
}

TEST(CourseDates, EsketamineLabelInduction) {
  // Twice weekly in weeks 1-4, then once weekly in weeks 5-8 (Spravato label, §2.1).
  const auto dates = iso(course_dates({{8, 2}, {4, 1}}, {2027, 1, 5}, weekdays_only()));
  EXPECT_EQ(dates,
            (std::vector<std::string>{"2027-01-05", "2027-01-08", "2027-01-12", "2027-01-15",
                                      "2027-01-19", "2027-01-22", "2027-01-26", "2027-01-29",
                                      "2027-02-02", "2027-02-09", "2027-02-16", "2027-02-23"}));
}

TEST(CourseDates, ClosedDaysMoveToTheNextOpenDay) {
  // Starting on a Thursday twice weekly: the second session would fall on Sunday.
  EXPECT_EQ(iso(course_dates({{4, 2}}, {2026, 12, 10}, weekdays_only())),
            (std::vector<std::string>{"2026-12-10", "2026-12-14", "2026-12-17", "2026-12-21"}));
  // A Friday start thrice weekly: Sun -> Mon, Tue stays.
  EXPECT_EQ(iso(course_dates({{3, 3}}, {2026, 12, 11}, weekdays_only())),
            (std::vector<std::string>{"2026-12-11", "2026-12-14", "2026-12-15"}));
  EXPECT_TRUE(course_dates({{3, 3}}, {2026, 12, 11}, ClinicSchedule{}).empty());
}

TEST(CourseDates, ShippedTemplatesMatchTheirSources) {
  const auto protocols = load_protocol_catalog({PLASTICITY_PROTOCOLS_DIR});
  const ClinicSchedule schedule = load_clinic_schedule({PLASTICITY_SCHEDULING_DIR}, protocols);
  const CourseTemplate* elekt = schedule.find_course("iv_6_twice_weekly");
  ASSERT_NE(elekt, nullptr);
  EXPECT_EQ(total_sessions(elekt->phases), 6);
  const CourseTemplate* label = schedule.find_course("esketamine_label_induction");
  ASSERT_NE(label, nullptr);
  EXPECT_EQ(course_dates(label->phases, {2027, 1, 4}, schedule).size(), 12u);
  const AppointmentType* esk = schedule.type_for_protocol("esketamine_nasal");
  ASSERT_NE(esk, nullptr);
  EXPECT_GE(esk->minutes, 135);  // at least 2 h 15 min of chair time
  EXPECT_TRUE(esk->needs_prescriber_on_site);
  for (const auto& id : esk->instructions) EXPECT_NE(schedule.find_instruction(id), nullptr);
}

}  // namespace
}  // namespace plasticity
