// Migration 4: treatment sessions, vital signs, alarms, devices.
//
// Treatment sessions: dose as calculated, phase changes, checklists, vital signs, alarms, devices.
#pragma once

#include <string_view>

namespace plasticity::sqlite::schema {

inline constexpr std::string_view kTreatmentSessions = R"sql(
CREATE TABLE treatment_sessions (
  id TEXT PRIMARY KEY,
  patient_id TEXT NOT NULL REFERENCES patients(id),
  protocol_id TEXT NOT NULL,
  chair TEXT NOT NULL,
  scheduled_at INTEGER NOT NULL,
  phase TEXT NOT NULL,
  prescribed_mg REAL NOT NULL,
  dose_mg REAL NOT NULL,
  mg_per_kg REAL,
  weight_kg REAL,
  concentration_mg_per_ml REAL,
  volume_ml REAL,
  infusion_minutes INTEGER,
  pump_rate_ml_per_h REAL,
  devices INTEGER,
  device_interval_minutes INTEGER,
  dose_notes TEXT NOT NULL,
  dose_reason TEXT NOT NULL,
  lot_number TEXT NOT NULL,
  lot_expiry TEXT,
  created_by INTEGER NOT NULL REFERENCES staff(id),
  created_at INTEGER NOT NULL,
  dosing_started_at INTEGER,
  version INTEGER NOT NULL
) STRICT;
CREATE INDEX treatment_sessions_patient ON treatment_sessions(patient_id, scheduled_at);
CREATE INDEX treatment_sessions_phase ON treatment_sessions(phase, scheduled_at);

CREATE TABLE session_transitions (
  session_id TEXT NOT NULL REFERENCES treatment_sessions(id),
  seq INTEGER NOT NULL,
  from_phase TEXT NOT NULL,
  to_phase TEXT NOT NULL,
  at INTEGER NOT NULL,
  staff_id INTEGER NOT NULL REFERENCES staff(id),
  reason TEXT NOT NULL,
  override_minimum INTEGER NOT NULL,
  PRIMARY KEY (session_id, seq)
) STRICT;

CREATE TABLE session_checklist (
  session_id TEXT NOT NULL REFERENCES treatment_sessions(id),
  list TEXT NOT NULL,
  item_id TEXT NOT NULL,
  confirmed INTEGER NOT NULL,
  at INTEGER NOT NULL,
  staff_id INTEGER NOT NULL REFERENCES staff(id)
) STRICT;
CREATE INDEX session_checklist_session ON session_checklist(session_id);

-- Idempotent by (device, kind, measurement time): a gateway that resends is not double-counted.
CREATE TABLE vital_readings (
  device_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  measured_at INTEGER NOT NULL,
  session_id TEXT NOT NULL REFERENCES treatment_sessions(id),
  value REAL NOT NULL,
  received_at INTEGER NOT NULL,
  PRIMARY KEY (device_id, kind, measured_at)
) STRICT, WITHOUT ROWID;
CREATE INDEX vital_readings_session ON vital_readings(session_id, measured_at);

CREATE TABLE session_alarms (
  id TEXT PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES treatment_sessions(id),
  rule_id TEXT NOT NULL,
  severity TEXT NOT NULL,
  message TEXT NOT NULL,
  value REAL,
  raised_at INTEGER NOT NULL,
  condition_ended_at INTEGER,
  acknowledged_by INTEGER REFERENCES staff(id),
  acknowledged_at INTEGER,
  action TEXT NOT NULL DEFAULT '',
  cleared_at INTEGER
) STRICT;
CREATE INDEX session_alarms_session ON session_alarms(session_id, cleared_at);

CREATE TABLE device_credentials (
  token_hash TEXT PRIMARY KEY,
  device_id TEXT NOT NULL UNIQUE,
  label TEXT NOT NULL,
  created_by INTEGER NOT NULL REFERENCES staff(id),
  created_at INTEGER NOT NULL
) STRICT;

-- What is recorded at the chair: sedation scores, adverse events, the controlled-substance
-- account, REMS monitoring-form answers. The payload is the record as JSON; append-only.
CREATE TABLE session_events (
  id TEXT PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES treatment_sessions(id),
  kind TEXT NOT NULL,
  at INTEGER NOT NULL,
  staff_id INTEGER NOT NULL REFERENCES staff(id),
  payload TEXT NOT NULL
) STRICT;
CREATE INDEX session_events_session ON session_events(session_id, at);
CREATE TRIGGER session_events_are_kept_update BEFORE UPDATE ON session_events
BEGIN SELECT RAISE(ABORT, 'session events are never changed'); END;
CREATE TRIGGER session_events_are_kept_delete BEFORE DELETE ON session_events
BEGIN SELECT RAISE(ABORT, 'session events are never deleted'); END;

-- Vital signs and phase changes are clinical records: never edited, never deleted.
CREATE TRIGGER vital_readings_are_kept_update BEFORE UPDATE ON vital_readings
BEGIN SELECT RAISE(ABORT, 'vital readings are never changed'); END;
CREATE TRIGGER vital_readings_are_kept_delete BEFORE DELETE ON vital_readings
BEGIN SELECT RAISE(ABORT, 'vital readings are never deleted'); END;
CREATE TRIGGER session_transitions_are_kept_update BEFORE UPDATE ON session_transitions
BEGIN SELECT RAISE(ABORT, 'session transitions are never changed'); END;
CREATE TRIGGER session_transitions_are_kept_delete BEFORE DELETE ON session_transitions
BEGIN SELECT RAISE(ABORT, 'session transitions are never deleted'); END;
)sql";

}  // namespace plasticity::sqlite::schema
