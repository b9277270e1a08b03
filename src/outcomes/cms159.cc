#include "outcomes/cms159.h"

#include <algorithm>

namespace plasticity {
namespace {

bool any_code(const CohortPatient& p, std::initializer_list<const char*> prefixes) {
  return std::any_of(p.diagnosis_codes.begin(), p.diagnosis_codes.end(), [&](const auto& code) {
    return std::any_of(prefixes.begin(), prefixes.end(),
                       [&](const char* prefix) { return code.starts_with(prefix); });
  });
}

bool depression_or_dysthymia(const CohortPatient& p) {
  return any_code(p, {"F32", "F33", "F34.1"});
}

bool excluded(const CohortPatient& p) {
  return any_code(p, {"F31", "F60.3", "F84", "F20", "F21", "F22", "F23", "F24", "F25", "F26", "F27",
                      "F28", "F29", "Z51.5"});
}

}  // namespace

Cms159 depression_remission_at_twelve_months(const std::vector<CohortPatient>& cohort,
                                             int measurement_year, const ClinicTimeZone& zone) {
  Cms159 result;
  result.measurement_year = measurement_year;
  const CalendarDate start{measurement_year, 1, 1};
  result.identification_from = add_months(start, -14);
  result.identification_to = add_months(start, -2);
  int numerator = 0, denominator = 0;
  for (const auto& patient : cohort) {
    if (!depression_or_dysthymia(patient)) continue;
    std::optional<CalendarDate> index;
    for (const auto& a : patient.assessments) {
      const CalendarDate day = zone.to_local(a.at).date;
      if (day < result.identification_from || !(day < result.identification_to)) continue;
      if (a.total && *a.total > 9) {
        index = day;
        break;
      }
    }
    if (!index || whole_years_between(patient.birth_date, *index) < 12) continue;
    ++result.initial_population;
    if (excluded(patient)) {
      ++result.excluded;
      continue;
    }
    const bool adolescent = whole_years_between(patient.birth_date, *index) < 18;
    Cms159Stratum& stratum = adolescent ? result.ages_12_to_17 : result.ages_18_plus;
    ++denominator;
    ++stratum.denominator;
    const CalendarDate year_on = add_months(*index, 12);
    const CalendarDate from = add_days(year_on, -60), to = add_days(year_on, 60);
    std::optional<int> most_recent;
    for (const auto& a : patient.assessments) {
      const CalendarDate day = zone.to_local(a.at).date;
      if (!(day < from) && !(to < day) && a.total) most_recent = *a.total;
    }
    if (most_recent && *most_recent < 5) {
      ++numerator;
      ++stratum.numerator;
    }
  }
  result.remission = wilson(numerator, denominator);
  return result;
}

}  // namespace plasticity
