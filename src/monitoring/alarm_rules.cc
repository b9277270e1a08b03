#include "monitoring/alarm_rules.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "core/decimal_text.h"

namespace plasticity {
namespace {

constexpr std::array<std::string_view, 3> kSeverityNames{"advisory", "warning", "critical"};
constexpr std::array<std::string_view, 4> kTestNames{"above", "below", "rise_from_baseline",
                                                     "no_reading"};

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

bool meets(const AlarmRule& rule, double value, const double* baseline) {
  switch (rule.test) {
    case AlarmRule::Test::above:
      return value > rule.threshold;
    case AlarmRule::Test::below:
      return value < rule.threshold;
    case AlarmRule::Test::rise_from_baseline:
      return baseline && value - *baseline >= rule.threshold;
    case AlarmRule::Test::no_reading:
      return false;
  }
  return false;
}

std::string describe(const AlarmRule& rule, double value, const double* baseline) {
  const std::string head = upper(to_string(rule.kind)) + " " + decimal_text(value, 1) + " " +
                           std::string(ucum_unit(rule.kind));
  const std::string tail = " (" + std::string(to_string(rule.severity)) + ")";
  switch (rule.test) {
    case AlarmRule::Test::above:
      return head + " above " + decimal_text(rule.threshold, 1) + tail;
    case AlarmRule::Test::below:
      return head + " below " + decimal_text(rule.threshold, 1) + tail;
    case AlarmRule::Test::rise_from_baseline:
      return head + ", up " + decimal_text(value - (baseline ? *baseline : value), 1) +
             " from pre-dose " + decimal_text(baseline ? *baseline : value, 1) + tail;
    case AlarmRule::Test::no_reading:
      break;
  }
  return head + tail;
}

std::optional<FiringAlarm> check_values(const AlarmRule& rule, const MonitoringSnapshot& snapshot) {
  const auto found = snapshot.readings.find(rule.kind);
  if (found == snapshot.readings.end() || found->second.empty()) return std::nullopt;
  const auto& values = found->second;
  const auto base = snapshot.baseline.find(rule.kind);
  const double* baseline = base == snapshot.baseline.end() ? nullptr : &base->second;
  // The run of latest readings that all meet the test.
  std::size_t first = values.size();
  while (first > 0 && meets(rule, values[first - 1].value, baseline)) --first;
  const std::size_t run = values.size() - first;
  if (run == 0 || run < static_cast<std::size_t>(rule.sustained_readings)) return std::nullopt;
  const auto lasted_ms = values.back().at.epoch_ms - values[first].at.epoch_ms;
  if (lasted_ms < std::int64_t{rule.sustained_seconds} * 1000) return std::nullopt;
  return FiringAlarm{rule.id, rule.severity, describe(rule, values.back().value, baseline),
                     values.back().value, values[first].at};
}

std::optional<FiringAlarm> check_missing(const AlarmRule& rule,
                                         const MonitoringSnapshot& snapshot) {
  if (!snapshot.dosing_since) return std::nullopt;
  UtcTime last = *snapshot.dosing_since;
  const auto found = snapshot.readings.find(rule.kind);
  if (found != snapshot.readings.end() && !found->second.empty()) {
    last = std::max(last, found->second.back().at);
  }
  const auto limit_ms = static_cast<std::int64_t>(rule.threshold * kMillisPerMinute);
  if (snapshot.now.epoch_ms - last.epoch_ms < limit_ms) return std::nullopt;
  return FiringAlarm{rule.id, rule.severity,
                     "no " + upper(to_string(rule.kind)) + " reading for " +
                         decimal_text(rule.threshold, 1) +
                         " min while dosing: monitor disconnected? (" +
                         std::string(to_string(rule.severity)) + ")",
                     std::nullopt, UtcTime{last.epoch_ms + limit_ms}};
}

}  // namespace

std::string_view to_string(AlarmSeverity severity) {
  return kSeverityNames.at(static_cast<std::size_t>(severity));
}

std::optional<AlarmSeverity> parse_alarm_severity(std::string_view name) {
  for (std::size_t i = 0; i < kSeverityNames.size(); ++i) {
    if (kSeverityNames[i] == name) return static_cast<AlarmSeverity>(i);
  }
  return std::nullopt;
}

std::string_view to_string(AlarmRule::Test test) {
  return kTestNames.at(static_cast<std::size_t>(test));
}

std::optional<AlarmRule::Test> parse_alarm_test(std::string_view name) {
  for (std::size_t i = 0; i < kTestNames.size(); ++i) {
    if (kTestNames[i] == name) return static_cast<AlarmRule::Test>(i);
  }
  return std::nullopt;
}

std::vector<std::string> rule_problems(const AlarmRule& rule) {
  std::vector<std::string> problems;
  if (rule.id.empty()) problems.push_back("id: a rule needs an id");
  if (!std::isfinite(rule.threshold) || rule.threshold < 0) {
    problems.push_back("threshold: must be a number at least 0");
  }
  if (rule.test == AlarmRule::Test::no_reading && rule.threshold <= 0) {
    problems.push_back("threshold: minutes without a reading must be more than 0");
  }
  if (rule.sustained_readings < 1) problems.push_back("sustained_readings: at least 1");
  if (rule.sustained_seconds < 0) problems.push_back("sustained_seconds: at least 0");
  return problems;
}

std::vector<FiringAlarm> firing_alarms(const std::vector<AlarmRule>& rules,
                                       const MonitoringSnapshot& snapshot) {
  std::vector<std::pair<const AlarmRule*, FiringAlarm>> candidates;
  for (const AlarmRule& rule : rules) {
    auto alarm = rule.test == AlarmRule::Test::no_reading ? check_missing(rule, snapshot)
                                                          : check_values(rule, snapshot);
    if (alarm) candidates.emplace_back(&rule, std::move(*alarm));
  }
  // One problem, one alarm: SBP 185 breaks both the warning (160) and the critical (180) limit;
  // only the critical one is raised.
  std::vector<FiringAlarm> firing;
  for (const auto& candidate : candidates) {
    const AlarmRule* rule =
        candidate.first;  // not a structured binding: clang 14 cannot capture one
    const bool outranked =
        std::any_of(candidates.begin(), candidates.end(), [&](const auto& other) {
          return other.first->kind == rule->kind && other.first->test == rule->test &&
                 other.first->severity > rule->severity;
        });
    if (!outranked) firing.push_back(candidate.second);
  }
  return firing;
}

AlarmChanges reconcile_alarms(const std::vector<OpenAlarm>& open,
                              const std::vector<FiringAlarm>& firing) {
  AlarmChanges changes;
  for (const FiringAlarm& alarm : firing) {
    const auto existing = std::find_if(
        open.begin(), open.end(), [&](const OpenAlarm& o) { return o.rule_id == alarm.rule_id; });
    if (existing == open.end()) {
      changes.raise.push_back(alarm);
    } else if (!existing->condition_active) {
      changes.condition_again.push_back(existing->alarm_id);
    }
  }
  for (const OpenAlarm& alarm : open) {
    const bool still = std::any_of(firing.begin(), firing.end(), [&](const FiringAlarm& f) {
      return f.rule_id == alarm.rule_id;
    });
    if (still || !alarm.condition_active) continue;
    changes.condition_ended.push_back(alarm.alarm_id);
    if (alarm.acknowledged) changes.cleared.push_back(alarm.alarm_id);
  }
  return changes;
}

}  // namespace plasticity
