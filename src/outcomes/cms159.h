// CMS159 / NQF 0710e / MIPS 370, Depression Remission at Twelve Months (MN Community Measurement;
// eCQM CMS159v14 for 2026, https://ecqi.healthit.gov/ecqm/ec/2026/cms0159v14), on the clinic's
// own records, for a measurement year:
//
// - Denominator identification period: from 14 months before the measurement period's start to
//   2 months before it (excluded) — the eCQM's Interval[start − 14 months, start − 2 months).
// - Index event: the first PHQ-9 above 9 in that period of a patient 12 or older with major
//   depression or dysthymia (ICD-10 F32, F33, F34.1).
// - Numerator: the most recent PHQ-9 from 12 months − 60 days to 12 months + 60 days after the
//   index is below 5.
// - Denominator exclusions the record can show: bipolar disorder (F31), emotionally labile
//   personality disorder (F60.3), schizophrenia or a psychotic disorder (F20–F29), pervasive
//   developmental disorder (F84), palliative care (Z51.5, an encounter for palliative care). The
//   chart does not record death, hospice care, other palliative care services or nursing-home
//   residence, the measure's other exclusions: the clinic must exclude those itself.
//
// Checked against the measure's own test cases (cms159_test.cc, tests/reference/cms159/).
//
// The eCQM names value sets (SNOMED CT and ICD-10 codes); the ICD-10 categories above stand for
// them here. Stratified by age at the index: 12–17 and 18 and older.
#pragma once

#include <string>
#include <vector>

#include "core/clinic_time.h"
#include "outcomes/cohort.h"
#include "outcomes/proportion.h"

namespace plasticity {

struct Cms159Stratum {
  int denominator = 0;  // after exclusions
  int numerator = 0;
};

struct Cms159 {
  int measurement_year = 0;
  CalendarDate identification_from, identification_to;  // [from, to)
  int initial_population = 0;
  int excluded = 0;
  Proportion remission;  // numerator over the denominator (the initial population less exclusions)
  Cms159Stratum ages_12_to_17, ages_18_plus;
};

// `cohort` holds the PHQ-9 assessments; dates are the clinic's local ones.
Cms159 depression_remission_at_twelve_months(const std::vector<CohortPatient>& cohort,
                                             int measurement_year, const ClinicTimeZone& zone);

}  // namespace plasticity
