#include "core/calendar_date.h"

#include <gtest/gtest.h>

namespace plasticity {
namespace {

TEST(CalendarDate, ParsesRealDays) {
  auto date = parse_iso_date("1984-02-29");
  ASSERT_TRUE(date.has_value());
  EXPECT_EQ(date->year, 1984);
  EXPECT_EQ(date->month, 2);
  EXPECT_EQ(date->day, 29);
  EXPECT_EQ(to_iso_string(*date), "1984-02-29");
  EXPECT_EQ(to_iso_string(*parse_iso_date("2000-02-29")), "2000-02-29");  // divisible by 400
}

TEST(CalendarDate, RefusesDaysThatDoNotExist) {
  EXPECT_FALSE(parse_iso_date("2023-02-30"));
  EXPECT_FALSE(parse_iso_date("2023-02-29"));  // not a leap year
  EXPECT_FALSE(parse_iso_date("1900-02-29"));  // divisible by 100, not by 400
  EXPECT_FALSE(parse_iso_date("2023-04-31"));
  EXPECT_FALSE(parse_iso_date("2023-13-01"));
  EXPECT_FALSE(parse_iso_date("2023-00-10"));
  EXPECT_FALSE(parse_iso_date("2023-01-00"));
}

TEST(CalendarDate, RefusesOtherShapes) {
  EXPECT_FALSE(parse_iso_date("84-02-29"));
  EXPECT_FALSE(parse_iso_date("1984-2-29"));
  EXPECT_FALSE(parse_iso_date("1984/02/29"));
  EXPECT_FALSE(parse_iso_date("1984-02-29T00:00"));
  EXPECT_FALSE(parse_iso_date("+984-02-29"));
  EXPECT_FALSE(parse_iso_date(""));
}

TEST(CalendarDate, AddMonthsKeepsTheDayOrTakesTheMonthsLast) {
  EXPECT_EQ(add_months({2026, 1, 1}, -14), (CalendarDate{2024, 11, 1}));
  EXPECT_EQ(add_months({2026, 1, 1}, -2), (CalendarDate{2025, 11, 1}));
  EXPECT_EQ(add_months({2025, 3, 31}, 11), (CalendarDate{2026, 2, 28}));
  EXPECT_EQ(add_months({2024, 2, 29}, 12), (CalendarDate{2025, 2, 28}));
  EXPECT_EQ(add_months({2023, 1, 31}, 13), (CalendarDate{2024, 2, 29}));  // a leap year
  EXPECT_EQ(add_months({2025, 12, 15}, 1), (CalendarDate{2026, 1, 15}));
}

TEST(CalendarDate, WholeYearsCountsBirthdays) {
  const CalendarDate birth{1990, 6, 15};
  EXPECT_EQ(whole_years_between(birth, {2020, 6, 14}), 29);
  EXPECT_EQ(whole_years_between(birth, {2020, 6, 15}), 30);
  EXPECT_EQ(whole_years_between(birth, {2020, 12, 1}), 30);
}

}  // namespace
}  // namespace plasticity
