// CMS159 for measurement year 2026 on patients built to sit on each of the measure's edges: the
// identification period [2024-11-01, 2025-11-01), PHQ-9 above 9 (not 9), 12 months ± 60 days,
// the most recent score in that window, the exclusions, age 12 and the adolescent stratum.
#include "outcomes/cms159.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>

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

namespace plasticity {
namespace {

// The measure's own test cases (tests/reference/cms159/spec_cases.json, extracted from the
// MADiE cases of CMS159FHIR v0.3.000 by extract_spec_cases.py): each case is one patient, and
// the populations must be those the measure's developers expect. A case that turns on what the
// chart does not record (death, hospice or palliative care services, an assessment not complete,
// the diagnosis's dates) is listed there with that reason and checked for nothing else. The
// expected reports carry no strata; the age strata are checked above.
TEST(Cms159, TheMeasuresOwnTestCases) {
  std::ifstream in(std::string(PLASTICITY_SOURCE_DIR) + "/tests/reference/cms159/spec_cases.json");
  const auto cases = nlohmann::json::parse(in)["cases"];
  const auto utc = *ClinicTimeZone::locate("Etc/UTC");
  int checked = 0;
  for (const auto& c : cases) {
    if (!c["unrecorded"].empty()) continue;
    CohortPatient p;
    p.id = c["case"];
    p.birth_date = *parse_iso_date(c["birth_date"].get<std::string>());
    p.diagnosis_codes = c["diagnoses"].get<std::vector<std::string>>();
    for (const auto& a : c["assessments"]) {
      p.assessments.push_back({*parse_iso8601(a["at"].get<std::string>()), a["total"].get<int>()});
    }
    std::sort(p.assessments.begin(), p.assessments.end(),
              [](const DatedTotal& x, const DatedTotal& y) { return x.at < y.at; });
    const Cms159 m = depression_remission_at_twelve_months({p}, c["measurement_year"], utc);
    const auto& e = c["expected"];
    EXPECT_EQ(m.initial_population, e["initial_population"].get<int>()) << p.id;
    EXPECT_EQ(m.excluded, e["exclusion"].get<int>()) << p.id;
    EXPECT_EQ(m.remission.count, e["numerator"].get<int>()) << p.id;
    ++checked;
  }
  EXPECT_EQ(checked, 37) << "of " << cases.size() << " cases, those the chart can hold";
}

}  // namespace
}  // namespace plasticity
