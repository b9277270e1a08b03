// Treatment sessions, their phase changes, checklists, events, alarms and the monitors' device
// credentials: the statements, written once for both engines (see audit_statements.h). Each runs
// inside the caller's transaction. Vital signs are in vital_statements.h.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "storage/areas/session_store.h"
#include "storage/statements/audit_statements.h"

namespace plasticity::statements {

// The dose's notes are kept as lines of one text column.
std::string joined_lines(const std::vector<std::string>& lines);
std::vector<std::string> split_lines(const std::string& text);

inline constexpr const char* kSessionColumns =
    "id, patient_id, protocol_id, chair, scheduled_at, phase, prescribed_mg, dose_mg, mg_per_kg, "
    "weight_kg, concentration_mg_per_ml, volume_ml, infusion_minutes, pump_rate_ml_per_h, "
    "devices, device_interval_minutes, dose_notes, dose_reason, lot_number, lot_expiry, "
    "created_by, created_at, dosing_started_at, version";

inline std::optional<std::int64_t> optional_ms(const std::optional<UtcTime>& t) {
  return t ? std::optional<std::int64_t>(t->epoch_ms) : std::nullopt;
}

inline std::optional<UtcTime> optional_time(const std::optional<std::int64_t>& ms) {
  return ms ? std::optional<UtcTime>(UtcTime{*ms}) : std::nullopt;
}

template <class Statement>
TreatmentSession read_session(const Statement& st) {
  const auto as_int = [](const std::optional<std::int64_t>& value) {
    return value ? std::optional<int>(static_cast<int>(*value)) : std::nullopt;
  };
  TreatmentSession s;
  s.id = st.text(0);
  s.patient_id = st.text(1);
  s.protocol_id = st.text(2);
  s.chair = st.text(3);
  s.scheduled_at = UtcTime{st.integer(4)};
  s.phase = parse_session_phase(st.text(5)).value_or(SessionPhase::scheduled);
  s.dose.prescribed_mg = st.real(6);
  s.dose.dose_mg = st.real(7);
  s.dose.mg_per_kg = st.optional_real(8);
  s.dose.weight_kg = st.optional_real(9);
  s.concentration_mg_per_ml = st.optional_real(10);
  s.dose.volume_ml = st.optional_real(11);
  s.dose.infusion_minutes = as_int(st.optional_integer(12));
  s.dose.pump_rate_ml_per_h = st.optional_real(13);
  s.dose.devices = as_int(st.optional_integer(14));
  s.dose.device_interval_minutes = as_int(st.optional_integer(15));
  s.dose.notes = split_lines(st.text(16));
  s.dose_reason = st.text(17);
  s.lot_number = st.text(18);
  if (auto expiry = st.optional_text(19)) s.lot_expiry = parse_iso_date(*expiry);
  s.created_by = st.integer(20);
  s.created_at = UtcTime{st.integer(21)};
  s.dosing_started_at = optional_time(st.optional_integer(22));
  s.version = st.integer(23);
  return s;
}

// By scheduled time; `bind` binds the condition's parameters.
template <class Statement, class Connection, class Bind>
std::vector<TreatmentSession> select_sessions(Connection& db, const std::string& where,
                                              Bind&& bind) {
  Statement st{db, std::string("SELECT ") + kSessionColumns + " FROM treatment_sessions WHERE " +
                       where + " ORDER BY scheduled_at, id"};
  bind(st);
  std::vector<TreatmentSession> sessions;
  while (st.step()) sessions.push_back(read_session(st));
  return sessions;
}

template <class Statement, class Connection>
void insert_treatment_session(Connection& db, const TreatmentSession& s) {
  const auto as_integer = [](const std::optional<int>& value) {
    return value ? std::optional<std::int64_t>(*value) : std::nullopt;
  };
  Statement st{db, std::string("INSERT INTO treatment_sessions (") + kSessionColumns +
                       ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                       "?, ?, ?, ?)"};
  st.bind(1, s.id).bind(2, s.patient_id).bind(3, s.protocol_id).bind(4, s.chair);
  st.bind(5, s.scheduled_at.epoch_ms).bind(6, std::string(to_string(s.phase)));
  st.bind(7, s.dose.prescribed_mg).bind(8, s.dose.dose_mg).bind(9, s.dose.mg_per_kg);
  st.bind(10, s.dose.weight_kg).bind(11, s.concentration_mg_per_ml).bind(12, s.dose.volume_ml);
  st.bind(13, as_integer(s.dose.infusion_minutes)).bind(14, s.dose.pump_rate_ml_per_h);
  st.bind(15, as_integer(s.dose.devices)).bind(16, as_integer(s.dose.device_interval_minutes));
  st.bind(17, joined_lines(s.dose.notes)).bind(18, s.dose_reason).bind(19, s.lot_number);
  st.bind(20,
          s.lot_expiry ? std::optional<std::string>(to_iso_string(*s.lot_expiry)) : std::nullopt);
  st.bind(21, s.created_by).bind(22, s.created_at.epoch_ms);
  st.bind(23, optional_ms(s.dosing_started_at)).bind(24, s.version).run();
}

// Moves the session only if it is still in `transition.from`: the UPDATE itself checks, so of two
// nurses (or processes) moving one session at once, one moves it and the other is told.
template <class Statement, class Connection>
TransitionStatus apply_transition(Connection& db, const SessionTransition& t) {
  const int moved =
      Statement{db,
                "UPDATE treatment_sessions SET phase = ?1, version = version + 1, "
                "dosing_started_at = CASE WHEN ?1 = 'dosing' AND dosing_started_at IS NULL "
                "THEN ?2 ELSE dosing_started_at END WHERE id = ?3 AND phase = ?4"}
          .bind(1, std::string(to_string(t.to)))
          .bind(2, t.at.epoch_ms)
          .bind(3, t.session_id)
          .bind(4, std::string(to_string(t.from)))
          .run();
  if (moved == 0) {
    Statement exists{db, "SELECT 1 FROM treatment_sessions WHERE id = ?"};
    return exists.bind(1, t.session_id).step() ? TransitionStatus::phase_changed
                                               : TransitionStatus::not_found;
  }
  // The session's row is this transaction's now, so the next number cannot be taken meanwhile.
  Statement{db,
            "INSERT INTO session_transitions (session_id, seq, from_phase, to_phase, at, "
            "staff_id, reason, override_minimum, dose_given_mg) VALUES (?1, (SELECT "
            "coalesce(max(seq), 0) + 1 FROM session_transitions WHERE session_id = ?1), ?2, ?3, "
            "?4, ?5, ?6, ?7, ?8)"}
      .bind(1, t.session_id)
      .bind(2, std::string(to_string(t.from)))
      .bind(3, std::string(to_string(t.to)))
      .bind(4, t.at.epoch_ms)
      .bind(5, t.staff_id)
      .bind(6, t.reason)
      .bind(7, std::int64_t{t.override_minimum})
      .bind(8, t.dose_given_mg)
      .run();
  return TransitionStatus::ok;
}

template <class Statement, class Connection>
std::vector<SessionTransition> session_transitions(Connection& db, const std::string& session_id) {
  Statement st{db,
               "SELECT t.from_phase, t.to_phase, t.at, t.staff_id, coalesce(s.username, ''), "
               "t.reason, t.override_minimum, t.dose_given_mg FROM session_transitions t "
               "LEFT JOIN staff s ON s.id = t.staff_id WHERE t.session_id = ? ORDER BY t.seq"};
  st.bind(1, session_id);
  std::vector<SessionTransition> transitions;
  while (st.step()) {
    transitions.push_back(
        {session_id, parse_session_phase(st.text(0)).value_or(SessionPhase::scheduled),
         parse_session_phase(st.text(1)).value_or(SessionPhase::scheduled), UtcTime{st.integer(2)},
         st.integer(3), st.text(4), st.text(5), st.integer(6) != 0, st.optional_real(7)});
  }
  return transitions;
}

// Checklist entries and events keep the order they were written in by a position within their
// session (the next after the session's last): the caller runs them serializable, so two writers
// of one session cannot take the same one.
template <class Statement, class Connection>
void insert_checklist(Connection& db, const std::vector<ChecklistEntry>& entries) {
  Statement st{db,
               "INSERT INTO session_checklist (session_id, position, list, item_id, confirmed, at, "
               "staff_id) VALUES (?1, (SELECT coalesce(max(position), 0) + 1 FROM "
               "session_checklist WHERE session_id = ?1), ?2, ?3, ?4, ?5, ?6)"};
  for (const auto& e : entries) {
    st.reset();
    st.bind(1, e.session_id).bind(2, e.list).bind(3, e.item_id);
    st.bind(4, std::int64_t{e.confirmed}).bind(5, e.at.epoch_ms).bind(6, e.staff_id).run();
  }
}

template <class Statement, class Connection>
std::vector<ChecklistEntry> session_checklist(Connection& db, const std::string& session_id) {
  Statement st{db,
               "SELECT c.list, c.item_id, c.confirmed, c.at, c.staff_id, coalesce(s.username, '') "
               "FROM session_checklist c LEFT JOIN staff s ON s.id = c.staff_id "
               "WHERE c.session_id = ? ORDER BY c.position"};
  st.bind(1, session_id);
  std::vector<ChecklistEntry> entries;
  while (st.step()) {
    entries.push_back({session_id, st.text(0), st.text(1), st.integer(2) != 0,
                       UtcTime{st.integer(3)}, st.integer(4), st.text(5)});
  }
  return entries;
}

template <class Statement, class Connection>
void insert_session_event(Connection& db, const SessionEvent& event) {
  Statement{db,
            "INSERT INTO session_events (id, session_id, position, kind, at, staff_id, payload) "
            "VALUES (?1, ?2, (SELECT coalesce(max(position), 0) + 1 FROM session_events WHERE "
            "session_id = ?2), ?3, ?4, ?5, ?6)"}
      .bind(1, event.id)
      .bind(2, event.session_id)
      .bind(3, event.kind)
      .bind(4, event.at.epoch_ms)
      .bind(5, event.staff_id)
      .bind(6, event.payload_json)
      .run();
}

// By the time they happened; events of the same moment in the order they were written.
template <class Statement, class Connection>
std::vector<SessionEvent> session_events(Connection& db, const std::string& session_id) {
  Statement st{db,
               "SELECT e.id, e.kind, e.at, e.staff_id, coalesce(s.username, ''), e.payload "
               "FROM session_events e LEFT JOIN staff s ON s.id = e.staff_id "
               "WHERE e.session_id = ? ORDER BY e.at, e.position"};
  st.bind(1, session_id);
  std::vector<SessionEvent> events;
  while (st.step()) {
    events.push_back({st.text(0), session_id, st.text(1), UtcTime{st.integer(2)}, st.integer(3),
                      st.text(4), st.text(5)});
  }
  return events;
}

// Every field, as it stands (an imported alarm may be acknowledged already).
template <class Statement, class Connection>
void insert_alarm(Connection& db, const SessionAlarm& a) {
  Statement st{db,
               "INSERT INTO session_alarms (id, session_id, rule_id, severity, message, value, "
               "raised_at, condition_ended_at, acknowledged_by, acknowledged_at, action, "
               "cleared_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"};
  st.bind(1, a.id).bind(2, a.session_id).bind(3, a.rule_id);
  st.bind(4, std::string(to_string(a.severity))).bind(5, a.message).bind(6, a.value);
  st.bind(7, a.raised_at.epoch_ms).bind(8, optional_ms(a.condition_ended_at));
  st.bind(9, a.acknowledged_by).bind(10, optional_ms(a.acknowledged_at)).bind(11, a.action);
  st.bind(12, optional_ms(a.cleared_at)).run();
}

template <class Statement, class Connection>
void record_alarm_changes(Connection& db, const SessionAlarmWrite& changes) {
  for (const auto& a : changes.raised) insert_alarm<Statement>(db, a);
  const auto set_time = [&](const char* sql, const std::vector<std::string>& ids) {
    Statement st{db, sql};
    for (const auto& id : ids) {
      st.reset();
      st.bind(1, changes.at.epoch_ms).bind(2, id).run();
    }
  };
  set_time("UPDATE session_alarms SET condition_ended_at = ? WHERE id = ?",
           changes.condition_ended);
  Statement again{db, "UPDATE session_alarms SET condition_ended_at = NULL WHERE id = ?"};
  for (const auto& id : changes.condition_again) {
    again.reset();
    again.bind(1, id).run();
  }
  set_time("UPDATE session_alarms SET cleared_at = ? WHERE id = ?", changes.cleared);
}

// Newest first.
template <class Statement, class Connection, class Bind>
std::vector<SessionAlarm> select_alarms(Connection& db, const std::string& where, Bind&& bind) {
  Statement st{db,
               "SELECT a.id, a.session_id, a.rule_id, a.severity, a.message, a.value, "
               "a.raised_at, a.condition_ended_at, a.acknowledged_by, coalesce(s.username, ''), "
               "a.acknowledged_at, a.action, a.cleared_at FROM session_alarms a "
               "LEFT JOIN staff s ON s.id = a.acknowledged_by WHERE " +
                   where + " ORDER BY a.raised_at DESC, a.id"};
  bind(st);
  std::vector<SessionAlarm> alarms;
  while (st.step()) {
    SessionAlarm a;
    a.id = st.text(0);
    a.session_id = st.text(1);
    a.rule_id = st.text(2);
    a.severity = parse_alarm_severity(st.text(3)).value_or(AlarmSeverity::critical);
    a.message = st.text(4);
    a.value = st.optional_real(5);
    a.raised_at = UtcTime{st.integer(6)};
    a.condition_ended_at = optional_time(st.optional_integer(7));
    a.acknowledged_by = st.optional_integer(8);
    a.acknowledged_by_username = st.text(9);
    a.acknowledged_at = optional_time(st.optional_integer(10));
    a.action = st.text(11);
    a.cleared_at = optional_time(st.optional_integer(12));
    alarms.push_back(std::move(a));
  }
  return alarms;
}

// Only while unacknowledged: of two nurses acknowledging at once, one does.
template <class Statement, class Connection>
AcknowledgeStatus acknowledge_session_alarm(Connection& db, const std::string& alarm_id,
                                            std::int64_t staff_id, const std::string& action,
                                            UtcTime at, bool clear, const AuditEntry& audit) {
  Statement exists{db, "SELECT 1 FROM session_alarms WHERE id = ?"};
  if (!exists.bind(1, alarm_id).step()) return AcknowledgeStatus::not_found;
  const int acknowledged =
      Statement{db,
                "UPDATE session_alarms SET acknowledged_by = ?1, acknowledged_at = ?2, action = "
                "?3, cleared_at = CASE WHEN ?4 = 1 THEN ?2 ELSE cleared_at END WHERE id = ?5 AND "
                "acknowledged_at IS NULL"}
          .bind(1, staff_id)
          .bind(2, at.epoch_ms)
          .bind(3, action)
          .bind(4, std::int64_t{clear})
          .bind(5, alarm_id)
          .run();
  if (acknowledged == 0) return AcknowledgeStatus::already_acknowledged;
  insert_audit<Statement>(db, audit);
  return AcknowledgeStatus::ok;
}

// A new token for a device already known replaces its old one.
template <class Statement, class Connection>
void upsert_device_credential(Connection& db, const DeviceCredential& device) {
  Statement{db,
            "INSERT INTO device_credentials (token_hash, device_id, label, created_by, "
            "created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (device_id) DO UPDATE SET "
            "token_hash = excluded.token_hash, label = excluded.label, "
            "created_by = excluded.created_by, created_at = excluded.created_at"}
      .bind(1, device.token_hash)
      .bind(2, device.device_id)
      .bind(3, device.label)
      .bind(4, device.created_by)
      .bind(5, device.created_at.epoch_ms)
      .run();
}

template <class Statement, class Connection, class Bind>
std::vector<DeviceCredential> select_devices(Connection& db, const std::string& where,
                                             Bind&& bind) {
  Statement st{db,
               "SELECT device_id, token_hash, label, created_by, created_at FROM "
               "device_credentials WHERE " +
                   where + " ORDER BY device_id"};
  bind(st);
  std::vector<DeviceCredential> devices;
  while (st.step()) {
    devices.push_back({st.text(0), st.text(1), st.text(2), st.integer(3), UtcTime{st.integer(4)}});
  }
  return devices;
}

}  // namespace plasticity::statements
