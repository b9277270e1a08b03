// The clinic's own study of one instrument: who came through the clinic (the flow), how many
// responded and remitted (with Wilson intervals), how fast (Kaplan–Meier time to first response),
// for how long (Kaplan–Meier from first response to relapse), response by infusion number, and
// the same per subgroup with a log-rank test. Definitions and sources: docs/outcomes.md.
//
//   OutcomeReport r = build_outcome_report(cohort, filter, GroupBy::none, {rules, zone});
//   r.all.ever_response.rate;  r.all.time_to_response.rows;  r.flow[0].count
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/clinic_time.h"
#include "instruments/instrument.h"
#include "outcomes/cohort.h"
#include "outcomes/proportion.h"
#include "outcomes/survival.h"

namespace plasticity {

struct CohortFilter {
  std::optional<CalendarDate> baseline_from, baseline_to;  // the baseline's local date, inclusive
  std::string indication;    // an ICD-10 prefix of any diagnosis ("F33")
  std::string protocol;      // of the first dosing session
  std::string sex_at_birth;  // "female", ...
  std::string age_band;      // at baseline (age_band below)
  bool treated_only = false;
};

enum class GroupBy { none, protocol, indication, sex, age_band };

// The figures whose patients can be listed (OutcomeBlock::patients_behind).
const std::vector<std::string>& patient_figures();

// "<18", "18-24", "25-34", "35-44", "45-54", "55-64", "65+" (the bands of US national health
// statistics, e.g. NCHS data briefs).
std::string age_band(int years);
const std::vector<std::string>& age_bands();

struct ReportSettings {
  const OutcomeRules& rules;
  const ClinicTimeZone& zone;
  int baseline_window_days = kDefaultBaselineWindowDays;
};

struct SessionResponse {
  int session = 0;   // 1 = the first dosing session of the course
  int assessed = 0;  // with an assessment after this session, before the next
  int in_response = 0;
};

struct FlowStep {
  std::string step;
  int count = 0;
  std::map<std::string, int> left_because;  // of those who did not reach the next step
};

struct OutcomeBlock {
  int patients_with_baseline = 0;
  int patients_with_follow_up = 0;
  Proportion ever_response, ever_remission, last_response;
  KaplanMeier time_to_response;  // event: first response; censored at the last follow-up
  TimeWithInterval median_to_response;
  KaplanMeier durability;  // from first response; event: relapse; censored at the last follow-up
  TimeWithInterval median_durability;
  std::optional<double> in_response_day_28, in_response_day_56;
  std::vector<SessionResponse> by_session;
  // The patients behind a figure (ids), by figure: "ever_response", "ever_remission",
  // "last_response", and "no_response" (followed up, never in response: the ones to review).
  std::map<std::string, std::vector<std::string>> patients_behind;
};

struct OutcomeGroup {
  std::string key;
  OutcomeBlock block;
};

struct OutcomeReport {
  OutcomeBlock all;
  std::vector<FlowStep> flow;
  std::vector<OutcomeGroup> groups;  // by the GroupBy asked for, in key order
  std::optional<LogRank> log_rank;   // time to response across the groups
};

OutcomeReport build_outcome_report(const std::vector<CohortPatient>& cohort,
                                   const CohortFilter& filter, GroupBy group_by,
                                   const ReportSettings& settings);

}  // namespace plasticity
