// Treatment sessions, their phase changes and checklists, vital signs, alarms and device
// credentials in SQLite.
#include <algorithm>
#include <map>

#include "storage/sqlite/sqlite_store.h"

namespace plasticity {

using sqlite::Connection;
using sqlite::Statement;

namespace {

constexpr const char* kSessionColumns =
    "id, patient_id, protocol_id, chair, scheduled_at, phase, prescribed_mg, dose_mg, mg_per_kg, "
    "weight_kg, concentration_mg_per_ml, volume_ml, infusion_minutes, pump_rate_ml_per_h, "
    "devices, device_interval_minutes, dose_notes, dose_reason, lot_number, lot_expiry, "
    "created_by, created_at, dosing_started_at, version";

std::optional<std::int64_t> as_integer(const std::optional<int>& value) {
  return value ? std::optional<std::int64_t>(*value) : std::nullopt;
}

std::optional<int> as_int(const std::optional<std::int64_t>& value) {
  return value ? std::optional<int>(static_cast<int>(*value)) : std::nullopt;
}

std::string joined_lines(const std::vector<std::string>& lines) {
  std::string text;
  for (const auto& line : lines) text += (text.empty() ? "" : "\n") + line;
  return text;
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

TreatmentSession read_session(const Statement& st) {
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
  if (auto started = st.optional_integer(22)) s.dosing_started_at = UtcTime{*started};
  s.version = st.integer(23);
  return s;
}

std::vector<TreatmentSession> select_sessions(Connection& db, const std::string& where,
                                              const std::string& value) {
  Statement st{db, std::string("SELECT ") + kSessionColumns + " FROM treatment_sessions WHERE " +
                       where + " ORDER BY scheduled_at, id"};
  if (!value.empty()) st.bind(1, value);
  std::vector<TreatmentSession> sessions;
  while (st.step()) sessions.push_back(read_session(st));
  return sessions;
}

template <class Bind>
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
    if (auto ended = st.optional_integer(7)) a.condition_ended_at = UtcTime{*ended};
    a.acknowledged_by = st.optional_integer(8);
    a.acknowledged_by_username = st.text(9);
    if (auto acknowledged = st.optional_integer(10)) a.acknowledged_at = UtcTime{*acknowledged};
    a.action = st.text(11);
    if (auto cleared = st.optional_integer(12)) a.cleared_at = UtcTime{*cleared};
    alarms.push_back(std::move(a));
  }
  return alarms;
}

void set_alarm_time(Connection& db, const char* sql, const std::vector<std::string>& ids,
                    UtcTime at) {
  Statement st{db, sql};
  for (const auto& id : ids) {
    st.reset();
    st.bind(1, at.epoch_ms).bind(2, id).run();
  }
}

}  // namespace

void sqlite::insert_treatment_session(Connection& db, const TreatmentSession& s) {
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
  st.bind(23, s.dosing_started_at ? std::optional<std::int64_t>(s.dosing_started_at->epoch_ms)
                                  : std::nullopt);
  st.bind(24, s.version).run();
}

void SqliteStore::create_treatment_session(const TreatmentSession& s, const AuditEntry& audit) {
  write([&](Connection& db) {
    sqlite::insert_treatment_session(db, s);
    sqlite::insert_audit(db, audit);
  });
}

std::optional<TreatmentSession> SqliteStore::find_treatment_session(const std::string& id) {
  return read([&](Connection& db) -> std::optional<TreatmentSession> {
    auto found = select_sessions(db, "id = ?1", id);
    if (found.empty()) return std::nullopt;
    return found.front();
  });
}

std::vector<TreatmentSession> SqliteStore::active_treatment_sessions() {
  return read([&](Connection& db) {
    // Listed phase by phase, so the phase index finds them (finished sessions grow with history).
    std::string phases;
    for (const SessionPhase phase : unfinished_phases()) {
      phases += std::string(phases.empty() ? "'" : ", '") + std::string(to_string(phase)) + "'";
    }
    return select_sessions(db, "phase IN (" + phases + ")", "");
  });
}

std::vector<TreatmentSession> SqliteStore::patient_treatment_sessions(
    const std::string& patient_id) {
  return read([&](Connection& db) { return select_sessions(db, "patient_id = ?1", patient_id); });
}

std::vector<TreatmentSession> SqliteStore::treatment_sessions_since(UtcTime since) {
  return read([&](Connection& db) {
    return select_sessions(db, "scheduled_at >= CAST(?1 AS INTEGER)",
                           std::to_string(since.epoch_ms));
  });
}

TransitionStatus sqlite::apply_transition(Connection& db, const SessionTransition& t) {
  Statement current{db, "SELECT phase FROM treatment_sessions WHERE id = ?"};
  current.bind(1, t.session_id);
  if (!current.step()) return TransitionStatus::not_found;
  if (current.text(0) != to_string(t.from)) return TransitionStatus::phase_changed;
  Statement{db,
            "UPDATE treatment_sessions SET phase = ?1, version = version + 1, "
            "dosing_started_at = CASE WHEN ?1 = 'dosing' AND dosing_started_at IS NULL "
            "THEN ?2 ELSE dosing_started_at END WHERE id = ?3"}
      .bind(1, std::string(to_string(t.to)))
      .bind(2, t.at.epoch_ms)
      .bind(3, t.session_id)
      .run();
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

TransitionStatus SqliteStore::record_transition(const SessionTransition& t,
                                                const AuditEntry& audit) {
  return write([&](Connection& db) {
    const TransitionStatus status = sqlite::apply_transition(db, t);
    if (status == TransitionStatus::ok) sqlite::insert_audit(db, audit);
    return status;
  });
}

std::vector<SessionTransition> SqliteStore::session_transitions(const std::string& session_id) {
  return read([&](Connection& db) {
    Statement st{db,
                 "SELECT t.from_phase, t.to_phase, t.at, t.staff_id, coalesce(s.username, ''), "
                 "t.reason, t.override_minimum, t.dose_given_mg FROM session_transitions t LEFT "
                 "JOIN staff s ON "
                 "s.id = t.staff_id WHERE t.session_id = ? ORDER BY t.seq"};
    st.bind(1, session_id);
    std::vector<SessionTransition> transitions;
    while (st.step()) {
      transitions.push_back({session_id,
                             parse_session_phase(st.text(0)).value_or(SessionPhase::scheduled),
                             parse_session_phase(st.text(1)).value_or(SessionPhase::scheduled),
                             UtcTime{st.integer(2)}, st.integer(3), st.text(4), st.text(5),
                             st.integer(6) != 0, st.optional_real(7)});
    }
    return transitions;
  });
}

void SqliteStore::record_checklist(const std::vector<ChecklistEntry>& entries,
                                   const AuditEntry& audit) {
  write([&](Connection& db) {
    Statement st{db,
                 "INSERT INTO session_checklist (session_id, list, item_id, confirmed, at, "
                 "staff_id) VALUES (?, ?, ?, ?, ?, ?)"};
    for (const auto& e : entries) {
      st.reset();
      st.bind(1, e.session_id).bind(2, e.list).bind(3, e.item_id);
      st.bind(4, std::int64_t{e.confirmed}).bind(5, e.at.epoch_ms).bind(6, e.staff_id).run();
    }
    sqlite::insert_audit(db, audit);
  });
}

std::vector<ChecklistEntry> SqliteStore::session_checklist(const std::string& session_id) {
  return read([&](Connection& db) {
    Statement st{db,
                 "SELECT c.list, c.item_id, c.confirmed, c.at, c.staff_id, "
                 "coalesce(s.username, '') FROM session_checklist c LEFT JOIN staff s ON "
                 "s.id = c.staff_id WHERE c.session_id = ? ORDER BY c.rowid"};
    st.bind(1, session_id);
    std::vector<ChecklistEntry> entries;
    while (st.step()) {
      entries.push_back({session_id, st.text(0), st.text(1), st.integer(2) != 0,
                         UtcTime{st.integer(3)}, st.integer(4), st.text(5)});
    }
    return entries;
  });
}

void sqlite::insert_session_event(Connection& db, const SessionEvent& event) {
  Statement{db,
            "INSERT INTO session_events (id, session_id, kind, at, staff_id, payload) VALUES "
            "(?, ?, ?, ?, ?, ?)"}
      .bind(1, event.id)
      .bind(2, event.session_id)
      .bind(3, event.kind)
      .bind(4, event.at.epoch_ms)
      .bind(5, event.staff_id)
      .bind(6, event.payload_json)
      .run();
}

void SqliteStore::record_session_event(const SessionEvent& event, const AuditEntry& audit) {
  write([&](Connection& db) {
    sqlite::insert_session_event(db, event);
    sqlite::insert_audit(db, audit);
  });
}

std::vector<SessionEvent> SqliteStore::session_events(const std::string& session_id) {
  return read([&](Connection& db) {
    Statement st{db,
                 "SELECT e.id, e.kind, e.at, e.staff_id, coalesce(s.username, ''), e.payload "
                 "FROM session_events e LEFT JOIN staff s ON s.id = e.staff_id "
                 "WHERE e.session_id = ? ORDER BY e.at, e.rowid"};
    st.bind(1, session_id);
    std::vector<SessionEvent> events;
    while (st.step()) {
      events.push_back({st.text(0), session_id, st.text(1), UtcTime{st.integer(2)}, st.integer(3),
                        st.text(4), st.text(5)});
    }
    return events;
  });
}

// Rows of (device_id, kind, value, measured_at, received_at).
std::vector<VitalReading> sqlite::read_readings(Statement& st) {
  std::vector<VitalReading> readings;
  while (st.step()) {
    const auto kind = parse_vital_kind(st.text(1));
    if (!kind) continue;
    readings.push_back(
        {st.text(0), *kind, st.real(2), UtcTime{st.integer(3)}, UtcTime{st.integer(4)}});
  }
  return readings;
}

std::vector<std::size_t> sqlite::insert_vitals(Connection& db,
                                               const std::vector<VitalsBatch>& batches) {
  Statement st{db,
               "INSERT INTO vital_readings (device_id, kind, measured_at, session_id, value, "
               "received_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"};
  // The nurse station's latest reading of each kind, kept as readings arrive (a later one only
  // replaces an earlier one: a gateway may send an older queue after a newer reading).
  Statement latest_st{db,
                      "INSERT INTO session_latest_vitals (session_id, kind, device_id, "
                      "measured_at, value, received_at) VALUES (?, ?, ?, ?, ?, ?) "
                      "ON CONFLICT (session_id, kind) DO UPDATE SET device_id = "
                      "excluded.device_id, measured_at = excluded.measured_at, value = "
                      "excluded.value, received_at = excluded.received_at "
                      "WHERE excluded.measured_at >= session_latest_vitals.measured_at"};
  std::vector<std::size_t> added;
  added.reserve(batches.size());
  for (const VitalsBatch& batch : batches) {
    std::size_t count = 0;
    std::map<VitalKind, const VitalReading*> latest;
    for (const auto& r : batch.readings) {
      st.reset();
      st.bind(1, r.device_id).bind(2, std::string(to_string(r.kind)));
      st.bind(3, r.measured_at.epoch_ms).bind(4, batch.session_id).bind(5, r.value);
      if (st.bind(6, r.received_at.epoch_ms).run() == 0) continue;
      ++count;
      const VitalReading*& kept = latest[r.kind];
      if (!kept || kept->measured_at.epoch_ms <= r.measured_at.epoch_ms) kept = &r;
    }
    for (const auto& [kind, r] : latest) {
      latest_st.reset();
      latest_st.bind(1, batch.session_id).bind(2, std::string(to_string(kind)));
      latest_st.bind(3, r->device_id).bind(4, r->measured_at.epoch_ms).bind(5, r->value);
      latest_st.bind(6, r->received_at.epoch_ms).run();
    }
    if (batch.audit) sqlite::insert_audit(db, *batch.audit);
    added.push_back(count);
  }
  return added;
}

std::vector<std::size_t> SqliteStore::record_vitals(const std::vector<VitalsBatch>& batches) {
  return write([&](Connection& db) { return sqlite::insert_vitals(db, batches); });
}

std::vector<VitalReading> SqliteStore::latest_session_vitals(const std::string& session_id) {
  return read([&](Connection& db) {
    Statement st{db,
                 "SELECT device_id, kind, value, measured_at, received_at FROM "
                 "session_latest_vitals WHERE session_id = ? ORDER BY kind"};
    st.bind(1, session_id);
    return sqlite::read_readings(st);
  });
}

void sqlite::insert_alarm(Connection& db, const SessionAlarm& a) {
  const auto ms = [](const std::optional<UtcTime>& t) {
    return t ? std::optional<std::int64_t>(t->epoch_ms) : std::nullopt;
  };
  Statement st{db,
               "INSERT INTO session_alarms (id, session_id, rule_id, severity, message, value, "
               "raised_at, condition_ended_at, acknowledged_by, acknowledged_at, action, "
               "cleared_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"};
  st.bind(1, a.id).bind(2, a.session_id).bind(3, a.rule_id);
  st.bind(4, std::string(to_string(a.severity))).bind(5, a.message).bind(6, a.value);
  st.bind(7, a.raised_at.epoch_ms).bind(8, ms(a.condition_ended_at)).bind(9, a.acknowledged_by);
  st.bind(10, ms(a.acknowledged_at)).bind(11, a.action).bind(12, ms(a.cleared_at)).run();
}

void SqliteStore::record_alarm_changes(const SessionAlarmWrite& changes) {
  write([&](Connection& db) {
    for (const auto& a : changes.raised) sqlite::insert_alarm(db, a);
    set_alarm_time(db, "UPDATE session_alarms SET condition_ended_at = ? WHERE id = ?",
                   changes.condition_ended, changes.at);
    Statement again{db, "UPDATE session_alarms SET condition_ended_at = NULL WHERE id = ?"};
    for (const auto& id : changes.condition_again) {
      again.reset();
      again.bind(1, id).run();
    }
    set_alarm_time(db, "UPDATE session_alarms SET cleared_at = ? WHERE id = ?", changes.cleared,
                   changes.at);
  });
}

std::vector<SessionAlarm> SqliteStore::session_alarms(const std::string& session_id,
                                                      bool open_only) {
  return read([&](Connection& db) {
    return select_alarms(
        db, "a.session_id = ?1 AND (?2 = 0 OR a.cleared_at IS NULL)",
        [&](Statement& st) { st.bind(1, session_id).bind(2, std::int64_t{open_only}); });
  });
}

std::optional<SessionAlarm> SqliteStore::find_session_alarm(const std::string& alarm_id) {
  return read([&](Connection& db) -> std::optional<SessionAlarm> {
    auto found = select_alarms(db, "a.id = ?1", [&](Statement& st) { st.bind(1, alarm_id); });
    if (found.empty()) return std::nullopt;
    return found.front();
  });
}

AcknowledgeStatus SqliteStore::acknowledge_session_alarm(const std::string& alarm_id,
                                                         std::int64_t staff_id,
                                                         const std::string& action, UtcTime at,
                                                         bool clear, const AuditEntry& audit) {
  return write([&](Connection& db) {
    Statement current{db, "SELECT acknowledged_at FROM session_alarms WHERE id = ?"};
    current.bind(1, alarm_id);
    if (!current.step()) return AcknowledgeStatus::not_found;
    if (!current.is_null(0)) return AcknowledgeStatus::already_acknowledged;
    Statement{db,
              "UPDATE session_alarms SET acknowledged_by = ?1, acknowledged_at = ?2, action = ?3, "
              "cleared_at = CASE WHEN ?4 THEN ?2 ELSE cleared_at END WHERE id = ?5"}
        .bind(1, staff_id)
        .bind(2, at.epoch_ms)
        .bind(3, action)
        .bind(4, std::int64_t{clear})
        .bind(5, alarm_id)
        .run();
    sqlite::insert_audit(db, audit);
    return AcknowledgeStatus::ok;
  });
}

void SqliteStore::create_device_credential(const DeviceCredential& device,
                                           const AuditEntry& audit) {
  write([&](Connection& db) {
    Statement{db,
              "INSERT INTO device_credentials (token_hash, device_id, label, created_by, "
              "created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT(device_id) DO UPDATE SET "
              "token_hash = excluded.token_hash, label = excluded.label, "
              "created_by = excluded.created_by, created_at = excluded.created_at"}
        .bind(1, device.token_hash)
        .bind(2, device.device_id)
        .bind(3, device.label)
        .bind(4, device.created_by)
        .bind(5, device.created_at.epoch_ms)
        .run();
    sqlite::insert_audit(db, audit);
  });
}

std::optional<DeviceCredential> SqliteStore::find_device_credential(const std::string& token_hash) {
  return read([&](Connection& db) -> std::optional<DeviceCredential> {
    Statement st{db,
                 "SELECT device_id, label, created_by, created_at FROM device_credentials "
                 "WHERE token_hash = ?"};
    st.bind(1, token_hash);
    if (!st.step()) return std::nullopt;
    return DeviceCredential{st.text(0), token_hash, st.text(1), st.integer(2),
                            UtcTime{st.integer(3)}};
  });
}

std::vector<DeviceCredential> SqliteStore::device_credentials() {
  return read([&](Connection& db) {
    Statement st{db,
                 "SELECT device_id, token_hash, label, created_by, created_at FROM "
                 "device_credentials ORDER BY device_id"};
    std::vector<DeviceCredential> devices;
    while (st.step()) {
      devices.push_back(
          {st.text(0), st.text(1), st.text(2), st.integer(3), UtcTime{st.integer(4)}});
    }
    return devices;
  });
}

bool SqliteStore::revoke_device(const std::string& device_id, const AuditEntry& audit) {
  return write([&](Connection& db) {
    Statement known{db, "SELECT 1 FROM device_credentials WHERE device_id = ?"};
    known.bind(1, device_id);
    if (!known.step()) return false;
    Statement{db, "DELETE FROM device_credentials WHERE device_id = ?"}.bind(1, device_id).run();
    sqlite::insert_audit(db, audit);
    return true;
  });
}

}  // namespace plasticity
