// The phases of a treatment session and the rules for moving between them:
//
//   scheduled → checked_in → ready → dosing ⇄ paused → recovery → discharged
//   (any phase before discharge) → aborted, with a reason
//
// `ready` needs every pre-dose check done and pre-dose vitals recorded; a protocol with a minimum
// monitoring time (esketamine: 2 h from the first device) refuses discharge before it unless a
// prescriber overrides with a reason; discharge needs every discharge-checklist item confirmed and
// every alarm acknowledged. An infusion moved to recovery before its planned end needs the reason
// and the dose actually given, so the record never claims the full dose.
// Pure: the caller passes the facts and the time in and records the transition it is given.
//
//   auto decision = decide_transition(SessionPhase::ready, SessionPhase::dosing, facts);
//   if (!decision.allowed) { /* 409 with decision.rule and decision.message */ }
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/utc_time.h"

namespace plasticity {

enum class SessionPhase {
  scheduled,
  checked_in,
  ready,
  dosing,
  paused,
  recovery,
  discharged,
  aborted
};

std::string_view to_string(SessionPhase phase);
std::optional<SessionPhase> parse_session_phase(std::string_view name);
bool is_finished(SessionPhase phase);           // discharged or aborted
std::vector<SessionPhase> unfinished_phases();  // every phase a session can still leave

// What the rules need to know about the session at the moment of the transition.
struct TransitionFacts {
  std::vector<std::string> pre_checks_missing;  // protocol pre-checks not yet confirmed
  bool pre_dose_vitals_recorded = false;        // blood pressure and heart rate before dosing
  std::optional<UtcTime> dosing_started_at;     // first device / infusion start
  int minimum_monitoring_minutes = 0;           // from dosing start; 0 when the protocol has none
  std::vector<std::string> discharge_items_unconfirmed;
  int unacknowledged_alarms = 0;  // a patient does not leave with an alarm nobody has seen
  UtcTime now;
  bool actor_is_prescriber = false;
  std::string reason;             // required to pause, abort, or override
  bool override_minimum = false;  // a prescriber discharging before the minimum time
  // An infusion (not a nasal spray) ends when planned, or early with a reason and the dose given.
  std::optional<UtcTime> infusion_planned_end;
  std::optional<double> dose_given_mg;
};

struct TransitionDecision {
  bool allowed = false;
  std::string rule;     // machine-readable, e.g. "pre_dose_vitals_required"
  std::string message;  // the sentence a nurse reads
};

TransitionDecision decide_transition(SessionPhase from, SessionPhase to,
                                     const TransitionFacts& facts);

// The phases reachable from `from` (whatever the facts), for the UI's buttons.
std::vector<SessionPhase> next_phases(SessionPhase from);

}  // namespace plasticity
