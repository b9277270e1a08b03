// What the store keeps of a treatment session: the session and its dose, each phase change, the
// confirmed checklist items, the vital-sign stream and the alarms raised on it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/calendar_date.h"
#include "core/utc_time.h"
#include "monitoring/alarm_rules.h"
#include "monitoring/session_state.h"
#include "monitoring/vital_sign.h"
#include "protocols/dose.h"

namespace plasticity {

struct TreatmentSession {
  std::string id;
  std::string patient_id;
  std::string protocol_id;
  std::string chair;
  UtcTime scheduled_at;
  SessionPhase phase = SessionPhase::scheduled;
  CalculatedDose dose;
  std::optional<double> concentration_mg_per_ml;
  std::string dose_reason;
  std::string lot_number;
  std::optional<CalendarDate> lot_expiry;
  std::int64_t created_by = 0;
  UtcTime created_at;
  std::optional<UtcTime> dosing_started_at;  // the first move into dosing
  std::int64_t version = 1;                  // increases with every change of phase
};

struct SessionTransition {
  std::string session_id;
  SessionPhase from = SessionPhase::scheduled;
  SessionPhase to = SessionPhase::scheduled;
  UtcTime at;
  std::int64_t staff_id = 0;
  std::string username;
  std::string reason;
  bool override_minimum = false;
  std::optional<double> dose_given_mg;  // said when an infusion ends before its planned end
};

// A pre-dose check or discharge item a nurse confirmed (or withdrew: the latest entry counts).
struct ChecklistEntry {
  std::string session_id;
  std::string list;  // "pre_checks" or "discharge"
  std::string item_id;
  bool confirmed = true;
  UtcTime at;
  std::int64_t staff_id = 0;
  std::string username;
};

struct SessionAlarm {
  std::string id;
  std::string session_id;
  std::string rule_id;
  AlarmSeverity severity = AlarmSeverity::warning;
  std::string message;
  std::optional<double> value;
  UtcTime raised_at;
  std::optional<UtcTime> condition_ended_at;  // unset while the rule still fires
  std::optional<std::int64_t> acknowledged_by;
  std::string acknowledged_by_username;
  std::optional<UtcTime> acknowledged_at;
  std::string action;  // what the nurse did
  std::optional<UtcTime> cleared_at;
};

// Alarm changes decided by reconcile_alarms, written together.
struct SessionAlarmWrite {
  std::vector<SessionAlarm> raised;
  std::vector<std::string> condition_ended;
  std::vector<std::string> condition_again;
  std::vector<std::string> cleared;
  UtcTime at;
};

// A gateway or monitor allowed to post readings with its own bearer token (never a staff login).
struct DeviceCredential {
  std::string device_id;
  std::string token_hash;
  std::string label;
  std::int64_t created_by = 0;
  UtcTime created_at;
};

// Something recorded at the chair (kind: "sedation", "adverse_event", "controlled_substance",
// "monitoring_form", "monitoring_form_submitted"), kept as the JSON the API accepted.
struct SessionEvent {
  std::string id;
  std::string session_id;
  std::string kind;
  UtcTime at;
  std::int64_t staff_id = 0;
  std::string username;
  std::string payload_json;
};

enum class TransitionStatus { ok, not_found, phase_changed };

}  // namespace plasticity
