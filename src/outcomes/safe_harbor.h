// HIPAA Safe Harbor (45 CFR 164.514(b)(2)) for the research export: what of a date or an age may
// leave the clinic, and the smallest group of patients that look alike in what remains.
//
// Safe Harbor removes all elements of dates (except the year) directly related to an individual,
// and all ages over 89 with the elements of dates (including the year) that would show such an age,
// which are aggregated into one category of 90 or older
// (hhs.gov/hipaa/for-professionals/privacy/special-topics/de-identification).
//
//   age_text({1930, 5, 1}, {2026, 3, 1}) == "90+";   birth_year_text(...) == "" (withheld)
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/calendar_date.h"

namespace plasticity {

// Above this age, ages and birth years are withheld and reported as "90+".
inline constexpr int kSafeHarborMaxAge = 89;

// The whole-year age on `on`, or "90+".
std::string age_text(const CalendarDate& birth, const CalendarDate& on);

// The birth year, or "" when it would show an age over 89 on `on`.
std::string birth_year_text(const CalendarDate& birth, const CalendarDate& on);

// The 10-year band of the birth year ("1980-1989"), or "90+": the quasi-identifier the export's
// smallest group is counted over.
std::string birth_band(const CalendarDate& birth, const CalendarDate& on);

// How many patients share the rarest combination of quasi-identifiers (each patient one key);
// 0 for no patients.
std::size_t smallest_group(const std::vector<std::string>& keys);

}  // namespace plasticity
