#include "monitoring/session_state.h"

#include <algorithm>
#include <array>

namespace plasticity {
namespace {

constexpr std::array<std::string_view, 8> kPhaseNames{
    "scheduled", "checked_in", "ready", "dosing", "paused", "recovery", "discharged", "aborted"};

using P = SessionPhase;

TransitionDecision refuse(std::string rule, std::string message) {
  return {false, std::move(rule), std::move(message)};
}

std::string joined(const std::vector<std::string>& items) {
  std::string text;
  for (const auto& item : items) text += (text.empty() ? "" : ", ") + item;
  return text;
}

bool blank(const std::string& text) {
  return text.find_first_not_of(" \t\r\n") == std::string::npos;
}

TransitionDecision check_discharge(const TransitionFacts& facts) {
  if (facts.unacknowledged_alarms > 0) {
    return refuse("alarms_unacknowledged",
                  std::to_string(facts.unacknowledged_alarms) +
                      " alarm(s) not yet acknowledged: acknowledge them with what was done first");
  }
  if (!facts.discharge_items_unconfirmed.empty()) {
    return refuse("discharge_checklist_incomplete",
                  "discharge checklist not complete: " + joined(facts.discharge_items_unconfirmed));
  }
  if (facts.minimum_monitoring_minutes > 0 && facts.dosing_started_at) {
    const std::int64_t ready_at = facts.dosing_started_at->epoch_ms +
                                  std::int64_t{facts.minimum_monitoring_minutes} * kMillisPerMinute;
    if (facts.now.epoch_ms < ready_at) {
      const auto minutes_left =
          (ready_at - facts.now.epoch_ms + kMillisPerMinute - 1) / kMillisPerMinute;
      const std::string why =
          "this protocol requires at least " + std::to_string(facts.minimum_monitoring_minutes) +
          " min of monitoring from the first dose; " + std::to_string(minutes_left) + " min remain";
      if (!facts.override_minimum) return refuse("minimum_monitoring_time", why);
      if (!facts.actor_is_prescriber) {
        return refuse("override_needs_prescriber", why + "; only a prescriber may override");
      }
      if (blank(facts.reason)) {
        return refuse("override_needs_reason", why + "; an override needs a written reason");
      }
    }
  }
  return {true, "", ""};
}

}  // namespace

std::string_view to_string(SessionPhase phase) {
  return kPhaseNames.at(static_cast<std::size_t>(phase));
}

std::optional<SessionPhase> parse_session_phase(std::string_view name) {
  for (std::size_t i = 0; i < kPhaseNames.size(); ++i) {
    if (kPhaseNames[i] == name) return static_cast<SessionPhase>(i);
  }
  return std::nullopt;
}

bool is_finished(SessionPhase phase) { return phase == P::discharged || phase == P::aborted; }

std::vector<SessionPhase> next_phases(SessionPhase from) {
  switch (from) {
    case P::scheduled:
      return {P::checked_in, P::aborted};
    case P::checked_in:
      return {P::ready, P::aborted};
    case P::ready:
      return {P::dosing, P::aborted};
    case P::dosing:
      return {P::paused, P::recovery, P::aborted};
    case P::paused:
      return {P::dosing, P::recovery, P::aborted};
    case P::recovery:
      return {P::discharged, P::aborted};
    case P::discharged:
    case P::aborted:
      return {};
  }
  return {};
}

std::vector<SessionPhase> unfinished_phases() {
  std::vector<SessionPhase> phases;
  for (const auto name : kPhaseNames) {
    const SessionPhase phase = *parse_session_phase(name);
    if (!is_finished(phase)) phases.push_back(phase);
  }
  return phases;
}

TransitionDecision decide_transition(SessionPhase from, SessionPhase to,
                                     const TransitionFacts& facts) {
  if (is_finished(from)) {
    return refuse("session_finished",
                  "the session is " + std::string(to_string(from)) + "; it cannot change phase");
  }
  if (to == P::dosing && (from == P::scheduled || from == P::checked_in)) {
    return refuse("pre_dose_vitals_required",
                  "dosing needs the pre-dose checks and pre-dose vitals first (phase ready)");
  }
  const auto allowed = next_phases(from);
  if (std::find(allowed.begin(), allowed.end(), to) == allowed.end()) {
    return refuse("illegal_transition", "a session cannot go from " + std::string(to_string(from)) +
                                            " to " + std::string(to_string(to)));
  }
  if ((to == P::aborted || to == P::paused) && blank(facts.reason)) {
    return refuse("reason_required", "say why the session is " + std::string(to_string(to)));
  }
  if (to == P::ready) {
    if (!facts.pre_checks_missing.empty()) {
      return refuse("pre_checks_incomplete",
                    "pre-dose checks not confirmed: " + joined(facts.pre_checks_missing));
    }
    if (!facts.pre_dose_vitals_recorded) {
      return refuse("pre_dose_vitals_required",
                    "record pre-dose blood pressure and heart rate before the session is ready");
    }
  }
  if (to == P::recovery && facts.infusion_planned_end && facts.now < *facts.infusion_planned_end) {
    const auto minutes_left =
        (facts.infusion_planned_end->epoch_ms - facts.now.epoch_ms + kMillisPerMinute - 1) /
        kMillisPerMinute;
    const std::string why = "the infusion is planned to run " + std::to_string(minutes_left) +
                            " min more; ending it early";
    if (blank(facts.reason)) return refuse("early_end_needs_reason", why + " needs a reason");
    if (!facts.dose_given_mg) {
      return refuse("early_end_needs_dose_given", why + " needs the dose actually given (mg)");
    }
  }
  if (to == P::discharged) return check_discharge(facts);
  return {true, "", ""};
}

}  // namespace plasticity
