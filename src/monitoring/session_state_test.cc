#include "monitoring/session_state.h"

#include <gtest/gtest.h>

namespace plasticity {
namespace {

using P = SessionPhase;

constexpr std::int64_t kDosingStart = 1'800'000'000'000;

TransitionFacts ready_facts() {
  TransitionFacts facts;
  facts.pre_dose_vitals_recorded = true;
  facts.now = UtcTime{kDosingStart};
  return facts;
}

TEST(SessionState, NamesRoundTrip) {
  for (int i = 0; i <= static_cast<int>(P::aborted); ++i) {
    const auto phase = static_cast<P>(i);
    EXPECT_EQ(parse_session_phase(to_string(phase)), phase);
  }
  EXPECT_FALSE(parse_session_phase("done").has_value());
}

TEST(SessionState, TheUsualPathIsAllowed) {
  const auto facts = ready_facts();
  for (auto [from, to] : std::vector<std::pair<P, P>>{{P::scheduled, P::checked_in},
                                                      {P::checked_in, P::ready},
                                                      {P::ready, P::dosing},
                                                      {P::dosing, P::recovery},
                                                      {P::recovery, P::discharged}}) {
    EXPECT_TRUE(decide_transition(from, to, facts).allowed)
        << to_string(from) << " -> " << to_string(to);
  }
}

TEST(SessionState, DosingBeforePreDoseVitalsIsRefusedByName) {
  const auto decision = decide_transition(P::checked_in, P::dosing, ready_facts());
  EXPECT_FALSE(decision.allowed);
  EXPECT_EQ(decision.rule, "pre_dose_vitals_required");
  EXPECT_FALSE(decide_transition(P::scheduled, P::dosing, ready_facts()).allowed);
}

TEST(SessionState, ReadyNeedsChecksAndVitals) {
  auto facts = ready_facts();
  facts.pre_checks_missing = {"no_food_2h", "escort_arranged"};
  auto decision = decide_transition(P::checked_in, P::ready, facts);
  EXPECT_EQ(decision.rule, "pre_checks_incomplete");
  EXPECT_EQ(decision.message, "pre-dose checks not confirmed: no_food_2h, escort_arranged");
  facts.pre_checks_missing.clear();
  facts.pre_dose_vitals_recorded = false;
  decision = decide_transition(P::checked_in, P::ready, facts);
  EXPECT_EQ(decision.rule, "pre_dose_vitals_required");
}

TEST(SessionState, IllegalJumpsAreRefused) {
  const auto facts = ready_facts();
  const auto decision = decide_transition(P::scheduled, P::recovery, facts);
  EXPECT_FALSE(decision.allowed);
  EXPECT_EQ(decision.rule, "illegal_transition");
  EXPECT_EQ(decision.message, "a session cannot go from scheduled to recovery");
  EXPECT_FALSE(decide_transition(P::recovery, P::dosing, facts).allowed);
  EXPECT_EQ(decide_transition(P::discharged, P::aborted, facts).rule, "session_finished");
  EXPECT_EQ(decide_transition(P::aborted, P::scheduled, facts).rule, "session_finished");
}

TEST(SessionState, PauseAndAbortNeedAReason) {
  auto facts = ready_facts();
  EXPECT_EQ(decide_transition(P::dosing, P::paused, facts).rule, "reason_required");
  EXPECT_EQ(decide_transition(P::scheduled, P::aborted, facts).rule, "reason_required");
  facts.reason = "SBP 190, infusion paused per protocol";
  EXPECT_TRUE(decide_transition(P::dosing, P::paused, facts).allowed);
  EXPECT_TRUE(decide_transition(P::paused, P::dosing, facts).allowed);
  EXPECT_TRUE(decide_transition(P::recovery, P::aborted, facts).allowed);
}

TEST(SessionState, EsketamineDischargeWaitsTwoHoursFromTheFirstDevice) {
  auto facts = ready_facts();
  facts.dosing_started_at = UtcTime{kDosingStart};
  facts.minimum_monitoring_minutes = 120;
  facts.now = UtcTime{kDosingStart + 119 * kMillisPerMinute + 1};
  auto decision = decide_transition(P::recovery, P::discharged, facts);
  EXPECT_EQ(decision.rule, "minimum_monitoring_time");
  EXPECT_EQ(decision.message,
            "this protocol requires at least 120 min of monitoring from the first dose; 1 min "
            "remain");
  facts.now = UtcTime{kDosingStart + 120 * kMillisPerMinute};
  EXPECT_TRUE(decide_transition(P::recovery, P::discharged, facts).allowed);
}

TEST(SessionState, OnlyAPrescriberWithAReasonMayDischargeEarly) {
  auto facts = ready_facts();
  facts.dosing_started_at = UtcTime{kDosingStart};
  facts.minimum_monitoring_minutes = 120;
  facts.now = UtcTime{kDosingStart + 90 * kMillisPerMinute};
  facts.override_minimum = true;
  EXPECT_EQ(decide_transition(P::recovery, P::discharged, facts).rule, "override_needs_prescriber");
  facts.actor_is_prescriber = true;
  EXPECT_EQ(decide_transition(P::recovery, P::discharged, facts).rule, "override_needs_reason");
  facts.reason = "transferred to the emergency department by ambulance";
  EXPECT_TRUE(decide_transition(P::recovery, P::discharged, facts).allowed);
}

TEST(SessionState, AnInfusionEndedEarlyNeedsTheReasonAndTheDoseGiven) {
  auto facts = ready_facts();
  facts.dosing_started_at = UtcTime{kDosingStart};
  facts.infusion_planned_end = UtcTime{kDosingStart + 40 * kMillisPerMinute};
  facts.now = UtcTime{kDosingStart + 5 * kMillisPerMinute};
  auto decision = decide_transition(P::dosing, P::recovery, facts);
  EXPECT_EQ(decision.rule, "early_end_needs_reason");
  EXPECT_EQ(decision.message,
            "the infusion is planned to run 35 min more; ending it early needs a reason");
  facts.reason = "nausea and a rising blood pressure";
  EXPECT_EQ(decide_transition(P::dosing, P::recovery, facts).rule, "early_end_needs_dose_given");
  facts.dose_given_mg = 4.5;
  EXPECT_TRUE(decide_transition(P::dosing, P::recovery, facts).allowed);
  // At the planned end, no questions.
  facts = ready_facts();
  facts.infusion_planned_end = UtcTime{kDosingStart + 40 * kMillisPerMinute};
  facts.now = *facts.infusion_planned_end;
  EXPECT_TRUE(decide_transition(P::paused, P::recovery, facts).allowed);
}

TEST(SessionState, DischargeNeedsTheChecklist) {
  auto facts = ready_facts();
  facts.discharge_items_unconfirmed = {"escort_present"};
  const auto decision = decide_transition(P::recovery, P::discharged, facts);
  EXPECT_EQ(decision.rule, "discharge_checklist_incomplete");
  EXPECT_EQ(decision.message, "discharge checklist not complete: escort_present");
}

TEST(SessionState, NoDischargeWithAnAlarmNobodyAcknowledged) {
  auto facts = ready_facts();
  facts.unacknowledged_alarms = 2;
  const auto decision = decide_transition(P::recovery, P::discharged, facts);
  EXPECT_EQ(decision.rule, "alarms_unacknowledged");
  EXPECT_EQ(decision.message,
            "2 alarm(s) not yet acknowledged: acknowledge them with what was done first");
  // Aborting stays possible (e.g. a transfer to the emergency department).
  facts.reason = "transferred to the emergency department";
  EXPECT_TRUE(decide_transition(P::recovery, P::aborted, facts).allowed);
}

TEST(SessionState, NextPhasesForTheButtons) {
  EXPECT_EQ(next_phases(P::dosing), (std::vector{P::paused, P::recovery, P::aborted}));
  EXPECT_TRUE(next_phases(P::discharged).empty());
  EXPECT_TRUE(is_finished(P::aborted));
  EXPECT_FALSE(is_finished(P::recovery));
}

}  // namespace
}  // namespace plasticity
