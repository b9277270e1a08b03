// CMS159 for measurement year 2026 on patients built to sit on each of the measure's edges: the
// identification period [2024-11-01, 2025-11-01), PHQ-9 above 9 (not 9), 12 months ± 60 days,
// the most recent score in that window, the exclusions, age 12 and the adolescent stratum.
#include "outcomes/cms159.h"

#include <gtest/gtest.h>

namespace plasticity {
namespace {

UtcTime on(const std::string& date) { return *parse_iso8601(date + "T16:00:00Z"); }

CohortPatient patient(const std::string& id, std::vector<std::string> codes,
                      std::vector<std::pair<std::string, int>> phq9,
                      CalendarDate born = {1980, 1, 1}) {
  CohortPatient p;
  p.id = id;
  p.birth_date = born;
  p.diagnosis_codes = std::move(codes);
  for (const auto& [date, total] : phq9) p.assessments.push_back({on(date), total});
  return p;
}

TEST(Cms159, EdgesOfTheMeasure) {
  const std::vector<CohortPatient> cohort{
      patient("A", {"F33.1"}, {{"2025-03-10", 15}, {"2026-03-01", 3}}),  // remits, 9 days early
      patient("B", {"F32.9"},
              {{"2025-02-01", 9}, {"2025-04-01", 12}, {"2026-06-05", 2}}),  // 65 days late
      patient("C", {"F33.1"},
              {{"2025-05-01", 14}, {"2026-04-01", 4}, {"2026-05-20", 6}}),  // most recent 6
      patient("D", {"F31.0", "F33.1"},
              {{"2025-03-01", 20}, {"2026-03-01", 2}}),                   // bipolar: excluded
      patient("E", {"F43.10"}, {{"2025-03-01", 20}, {"2026-03-01", 2}}),  // not depression
      patient("F", {"F32.1"}, {{"2025-01-15", 18}, {"2026-01-20", 2}},
              {2010, 3, 1}),                                             // 14 at index
      patient("G", {"F33.0"}, {{"2025-11-01", 16}, {"2026-11-01", 1}}),  // after the period
      patient("H", {"F34.1"}, {{"2024-11-01", 11}, {"2025-11-01", 4}}),  // its first day
      patient("I", {"F32.0"}, {{"2025-03-01", 15}, {"2026-03-01", 1}}, {2014, 1, 1}),  // 11
  };
  const auto zone = *ClinicTimeZone::locate("America/New_York");
  const Cms159 m = depression_remission_at_twelve_months(cohort, 2026, zone);
  EXPECT_EQ(to_iso_string(m.identification_from), "2024-11-01");
  EXPECT_EQ(to_iso_string(m.identification_to), "2025-11-01");
  EXPECT_EQ(m.initial_population, 6);  // A B C D F H
  EXPECT_EQ(m.excluded, 1);            // D
  EXPECT_EQ(m.remission.denominator, 5);
  EXPECT_EQ(m.remission.count, 3);  // A F H
  EXPECT_EQ((std::pair{m.ages_12_to_17.numerator, m.ages_12_to_17.denominator}), (std::pair{1, 1}));
  EXPECT_EQ((std::pair{m.ages_18_plus.numerator, m.ages_18_plus.denominator}), (std::pair{2, 4}));
}

TEST(Cms159, ALeapDayIndexIsFollowedUpFromTheEndOfFebruary) {
  // Index 2024-02-29: twelve months on is 2025-02-28; 60 days before that is 2024-12-30.
  const auto zone = *ClinicTimeZone::locate("America/New_York");
  const std::vector<CohortPatient> cohort{
      patient("L", {"F33.1"}, {{"2024-02-29", 15}, {"2024-12-30", 4}})};
  EXPECT_EQ(depression_remission_at_twelve_months(cohort, 2025, zone).remission.count, 1);
  const std::vector<CohortPatient> early{
      patient("L", {"F33.1"}, {{"2024-02-29", 15}, {"2024-12-29", 4}})};
  EXPECT_EQ(depression_remission_at_twelve_months(early, 2025, zone).remission.count, 0);
}

}  // namespace
}  // namespace plasticity
