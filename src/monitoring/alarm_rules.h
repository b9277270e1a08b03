// Alarm rules over a session's vital signs: pure decisions, no clock, no storage.
//
// Three ideas kept apart (see vital_sign.h): an invalid reading never gets here; an abnormal
// value is shown; an alarm demands a nurse's action. A rule fires when its test holds for the
// latest `sustained_readings` readings of its kind and for `sustained_seconds`, so one artefact
// does not page anyone; a missing-data rule fires when no reading of its kind arrived for
// `threshold` minutes while the patient is being dosed (a disconnected monitor).
//
//   auto firing = firing_alarms(protocol.alarm_rules, snapshot);
//   auto changes = reconcile_alarms(open_alarms, firing);   // what to raise, end and clear
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/utc_time.h"
#include "monitoring/vital_sign.h"

namespace plasticity {

enum class AlarmSeverity { advisory, warning, critical };
std::string_view to_string(AlarmSeverity severity);
std::optional<AlarmSeverity> parse_alarm_severity(std::string_view name);

struct AlarmRule {
  enum class Test { above, below, rise_from_baseline, no_reading };

  std::string id;  // stable, e.g. "sbp_critical_high"; one open alarm per rule at a time
  VitalKind kind = VitalKind::systolic_bp;
  Test test = Test::above;
  // The limit in the kind's unit (above/below), the rise over the pre-dose baseline, or minutes
  // without a reading (no_reading).
  double threshold = 0;
  AlarmSeverity severity = AlarmSeverity::warning;
  int sustained_readings = 1;
  int sustained_seconds = 0;
  std::string source;  // the citation, or "clinic default, unverified"
};

std::string_view to_string(AlarmRule::Test test);
std::optional<AlarmRule::Test> parse_alarm_test(std::string_view name);

// The rule's own mistakes (a negative threshold, zero readings), named by field; empty when sound.
std::vector<std::string> rule_problems(const AlarmRule& rule);

struct TimedValue {
  UtcTime at;  // the device's measurement time
  double value = 0;
};

// What the rules look at: recent readings per kind (oldest first), the pre-dose baseline, and
// whether the patient is being dosed now (missing data matters then).
// The readings are views: the caller keeps them (the server's window of recent readings), so
// judging a session copies nothing.
struct MonitoringSnapshot {
  std::map<VitalKind, std::span<const TimedValue>> readings;
  std::map<VitalKind, double> baseline;
  std::optional<UtcTime> dosing_since;  // set while dosing
  UtcTime now;
};

struct FiringAlarm {
  std::string rule_id;
  AlarmSeverity severity = AlarmSeverity::warning;
  std::string message;          // what a nurse reads: "SBP 185 mm[Hg] above 180 (critical)"
  std::optional<double> value;  // the latest value that met the test
  UtcTime since;                // when the condition began
};

// Of rules on the same vital sign with the same test that fire together, only the most severe
// fires (a critical high SBP is not also a warning high SBP).
std::vector<FiringAlarm> firing_alarms(const std::vector<AlarmRule>& rules,
                                       const MonitoringSnapshot& snapshot);

// An alarm that is not yet cleared. It clears once it is acknowledged and its condition ended:
// a critical value that settles by itself still waits for a nurse to see it.
struct OpenAlarm {
  std::string alarm_id;
  std::string rule_id;
  bool condition_active = true;
  bool acknowledged = false;
};

struct AlarmChanges {
  std::vector<FiringAlarm> raise;            // rules firing with no open alarm
  std::vector<std::string> condition_ended;  // alarm ids whose rule stopped firing
  std::vector<std::string> condition_again;  // alarm ids whose rule fires again before clearing
  std::vector<std::string> cleared;          // alarm ids now both acknowledged and ended

  bool empty() const {
    return raise.empty() && condition_ended.empty() && condition_again.empty() && cleared.empty();
  }
};

AlarmChanges reconcile_alarms(const std::vector<OpenAlarm>& open,
                              const std::vector<FiringAlarm>& firing);

// Whether an alarm is cleared by being acknowledged now (its condition already ended).
inline bool clears_on_acknowledgement(const OpenAlarm& alarm) { return !alarm.condition_active; }

}  // namespace plasticity
