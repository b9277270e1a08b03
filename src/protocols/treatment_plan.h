// A treatment plan: the course a prescriber writes before booking it. It names the indication,
// the protocol and dose (with a titration rule), the induction series (phases of N sessions a
// week), the measurement plan (which questionnaires when), when to review futility, and the
// maintenance intent. Plans are versioned by the store; this file only says what a valid one is.
//
//   FieldErrors errors = validate_plan(plan, *protocols.find(plan.protocol_id));
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/calendar_date.h"
#include "core/field_error.h"
#include "protocols/protocol.h"

namespace plasticity {

// One phase of an induction course: `sessions` sessions, `per_week` a week (1 to 3).
struct CoursePhase {
  int sessions = 0;
  int per_week = 0;
};

struct Titration {
  std::string rule = "fixed";  // "fixed" or "step_up_if_no_response"
  double step_mg_per_kg = 0;   // step_up: added after a session without response
  double max_mg_per_kg = 0;    // step_up: never above this (nor the protocol's maximum)
};

struct MeasurementItem {
  std::string instrument_id;  // "phq9"
  std::string when;           // "before_every_session" or "weekly"
};

struct TreatmentPlan {
  std::string screening_id;
  std::string indication;
  std::string protocol_id;
  std::optional<double> dose_mg_per_kg;
  std::optional<double> dose_mg;
  std::optional<double> concentration_mg_per_ml;  // the vial drawn from, for infusions
  Titration titration;
  std::vector<CoursePhase> induction;
  CalendarDate first_date;
  int start_minute = 9 * 60;  // local time of day each session starts
  std::string resource_id;    // the chair or room
  std::vector<std::int64_t> staff_ids;
  std::vector<MeasurementItem> measurements;
  std::string primary_instrument;   // the one futility is judged on
  int futility_review_after = 3;    // sessions without response before a review is raised
  int maintenance_every_weeks = 0;  // 0: decided at the end of induction
  std::string notes;
};

const std::vector<std::string>& plan_indications();
int total_sessions(const std::vector<CoursePhase>& phases);

// Every rule the plan breaks, naming its field: indication, dose within the protocol's range,
// titration within it too, 1..24 sessions in 1..3 sessions a week, measurement timing, the
// futility review after 1..12 sessions.
FieldErrors validate_plan(const TreatmentPlan& plan, const Protocol& protocol);

}  // namespace plasticity
