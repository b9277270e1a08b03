// What the clinic's outcome report reads of each patient (the store gathers it in one read):
// who they are in the report's terms, how far they came through the clinic, their dosing
// sessions and one instrument's complete assessments.
#pragma once

#include <string>
#include <vector>

#include "core/calendar_date.h"
#include "outcomes/baseline.h"

namespace plasticity {

struct CohortSession {
  UtcTime dosed_at;  // the first move into dosing
  std::string protocol_id;
};

struct CohortPatient {
  std::string id;
  std::string sex_at_birth;  // "female", "male", "intersex", "unknown"
  CalendarDate birth_date;
  std::vector<std::string> diagnosis_codes;  // ICD-10, the current record's
  bool screened = false;
  bool eligible = false;  // a screening signed off as approved
  bool plan_confirmed = false;
  int planned_sessions = 0;          // of the confirmed plans' courses, not cancelled
  int completed_sessions = 0;        // of those, discharged
  std::vector<CohortSession> dosed;  // chronological
  int aborted_sessions = 0;
  bool futility_review = false;
  std::vector<DatedTotal> assessments;  // the instrument's complete ones, chronological
};

}  // namespace plasticity
