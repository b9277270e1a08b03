// CalendarDate: a day in the proleptic Gregorian calendar, without time or zone (a birth date).
//
//   auto date = parse_iso_date("1984-02-29");   // std::nullopt for "2023-02-30" or "84-2-29"
//   to_iso_string(*date) == "1984-02-29";
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace plasticity {

struct CalendarDate {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31

  auto operator<=>(const CalendarDate&) const = default;
};

// Accepts exactly YYYY-MM-DD naming a day that exists (leap years included); anything else is
// std::nullopt, never a silently corrected date.
std::optional<CalendarDate> parse_iso_date(std::string_view text);

std::string to_iso_string(const CalendarDate& date);

// `months` later (earlier when negative), on the same day of the month or, where that month is
// shorter, its last day: 2025-03-31 + 11 months is 2026-02-28.
CalendarDate add_months(const CalendarDate& date, int months);

// Whole years from `birth` to `on` (the age a clinician would write on a form).
int whole_years_between(const CalendarDate& birth, const CalendarDate& on);

}  // namespace plasticity
