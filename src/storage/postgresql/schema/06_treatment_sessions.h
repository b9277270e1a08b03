// Migration 6: treatment sessions, vital signs, alarms, devices.
//
// Treatment sessions: dose as calculated, phase changes, checklists, events, vital signs (rows
// while the session runs, sealed blocks after), alarms, monitors. As SQLite's migrations 4, 13,
// 14 and 16 left them.
#pragma once

#include <string_view>

namespace plasticity::postgresql::schema {

inline constexpr std::string_view kTreatmentSessions = R"sql(
CREATE TABLE treatment_sessions (
  id TEXT PRIMARY KEY,
  patient_id TEXT NOT NULL REFERENCES patients(id),
  protocol_id TEXT NOT NULL,
  chair TEXT NOT NULL,
  scheduled_at BIGINT NOT NULL,
  phase TEXT NOT NULL,
  prescribed_mg DOUBLE PRECISION NOT NULL,
  dose_mg DOUBLE PRECISION NOT NULL,
  mg_per_kg DOUBLE PRECISION,
  weight_kg DOUBLE PRECISION,
  concentration_mg_per_ml DOUBLE PRECISION,
  volume_ml DOUBLE PRECISION,
  infusion_minutes BIGINT,
  pump_rate_ml_per_h DOUBLE PRECISION,
  devices BIGINT,
  device_interval_minutes BIGINT,
  dose_notes TEXT NOT NULL,
  dose_reason TEXT NOT NULL,
  lot_number TEXT NOT NULL,
  lot_expiry TEXT,
  created_by BIGINT NOT NULL REFERENCES staff(id),
  created_at BIGINT NOT NULL,
  dosing_started_at BIGINT,
  version BIGINT NOT NULL
);
CREATE INDEX treatment_sessions_patient ON treatment_sessions(patient_id, scheduled_at);
CREATE INDEX treatment_sessions_phase ON treatment_sessions(phase, scheduled_at);
ALTER TABLE appointments ADD FOREIGN KEY (treatment_session_id) REFERENCES treatment_sessions(id);
ALTER TABLE therapy_notes ADD FOREIGN KEY (treatment_session_id)
  REFERENCES treatment_sessions(id);

CREATE TABLE session_transitions (
  session_id TEXT NOT NULL REFERENCES treatment_sessions(id),
  seq BIGINT NOT NULL,
  from_phase TEXT NOT NULL,
  to_phase TEXT NOT NULL,
  at BIGINT NOT NULL,
  staff_id BIGINT NOT NULL REFERENCES staff(id),
  reason TEXT NOT NULL,
  override_minimum BIGINT NOT NULL,
  dose_given_mg DOUBLE PRECISION,
  PRIMARY KEY (session_id, seq)
);
CREATE TRIGGER session_transitions_are_kept BEFORE UPDATE OR DELETE ON session_transitions
FOR EACH ROW EXECUTE FUNCTION plasticity_refuse_change('session transitions are never changed');
CREATE TRIGGER session_transitions_are_never_emptied BEFORE TRUNCATE ON session_transitions
FOR EACH STATEMENT EXECUTE FUNCTION
  plasticity_refuse_change('session transitions are never deleted');

CREATE TABLE session_checklist (
  session_id TEXT NOT NULL REFERENCES treatment_sessions(id),
  position BIGINT NOT NULL,
  list TEXT NOT NULL,
  item_id TEXT NOT NULL,
  confirmed BIGINT NOT NULL,
  at BIGINT NOT NULL,
  staff_id BIGINT NOT NULL REFERENCES staff(id),
  PRIMARY KEY (session_id, position)
);

-- What is recorded at the chair (sedation scores, adverse events, the controlled-substance
-- account, REMS answers) as JSON: never changed, never deleted.
CREATE TABLE session_events (
  id TEXT PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES treatment_sessions(id),
  position BIGINT NOT NULL,
  kind TEXT NOT NULL,
  at BIGINT NOT NULL,
  staff_id BIGINT NOT NULL REFERENCES staff(id),
  payload TEXT NOT NULL,
  UNIQUE (session_id, position)
);
CREATE INDEX session_events_session ON session_events(session_id, at);
CREATE TRIGGER session_events_are_kept BEFORE UPDATE OR DELETE ON session_events
FOR EACH ROW EXECUTE FUNCTION plasticity_refuse_change('session events are never changed');
CREATE TRIGGER session_events_are_never_emptied BEFORE TRUNCATE ON session_events
FOR EACH STATEMENT EXECUTE FUNCTION plasticity_refuse_change('session events are never deleted');

-- A reading is the same reading when its session, device, kind and time are: a gateway that
-- resends is not double-counted.
CREATE TABLE vital_readings (
  session_id TEXT NOT NULL REFERENCES treatment_sessions(id),
  device_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  measured_at BIGINT NOT NULL,
  value DOUBLE PRECISION NOT NULL,
  received_at BIGINT NOT NULL,
  PRIMARY KEY (session_id, device_id, kind, measured_at)
);
CREATE INDEX vital_readings_session ON vital_readings(session_id, measured_at);

-- A finished session's readings sealed into compact blocks: never changed or deleted. A reading
-- leaves vital_readings only once its session has a block (written in the same transaction,
-- after the block was decoded and compared with the rows).
CREATE TABLE vital_blocks (
  session_id TEXT NOT NULL REFERENCES treatment_sessions(id),
  block BIGINT NOT NULL,
  readings BIGINT NOT NULL,
  first_at BIGINT NOT NULL,
  last_at BIGINT NOT NULL,
  data BYTEA NOT NULL,
  sealed_at BIGINT NOT NULL,
  PRIMARY KEY (session_id, block)
);
CREATE TRIGGER vital_blocks_are_kept BEFORE UPDATE OR DELETE ON vital_blocks
FOR EACH ROW EXECUTE FUNCTION plasticity_refuse_change('sealed vital readings are never changed');
CREATE TRIGGER vital_blocks_are_never_emptied BEFORE TRUNCATE ON vital_blocks
FOR EACH STATEMENT EXECUTE FUNCTION
  plasticity_refuse_change('sealed vital readings are never deleted');

CREATE FUNCTION plasticity_readings_kept_until_sealed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM vital_blocks WHERE session_id = OLD.session_id) THEN
    RAISE EXCEPTION 'vital readings are never deleted' USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN OLD;
END $$;
CREATE TRIGGER vital_readings_are_kept BEFORE UPDATE ON vital_readings
FOR EACH ROW EXECUTE FUNCTION plasticity_refuse_change('vital readings are never changed');
CREATE TRIGGER vital_readings_kept_until_sealed BEFORE DELETE ON vital_readings
FOR EACH ROW EXECUTE FUNCTION plasticity_readings_kept_until_sealed();
CREATE TRIGGER vital_readings_are_never_emptied BEFORE TRUNCATE ON vital_readings
FOR EACH STATEMENT EXECUTE FUNCTION plasticity_refuse_change('vital readings are never deleted');

-- The nurse station's latest reading of each kind, kept as readings arrive.
CREATE TABLE session_latest_vitals (
  session_id TEXT NOT NULL REFERENCES treatment_sessions(id),
  kind TEXT NOT NULL,
  device_id TEXT NOT NULL,
  measured_at BIGINT NOT NULL,
  value DOUBLE PRECISION NOT NULL,
  received_at BIGINT NOT NULL,
  PRIMARY KEY (session_id, kind)
);

CREATE TABLE session_alarms (
  id TEXT PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES treatment_sessions(id),
  rule_id TEXT NOT NULL,
  severity TEXT NOT NULL,
  message TEXT NOT NULL,
  value DOUBLE PRECISION,
  raised_at BIGINT NOT NULL,
  condition_ended_at BIGINT,
  acknowledged_by BIGINT REFERENCES staff(id),
  acknowledged_at BIGINT,
  action TEXT NOT NULL DEFAULT '',
  cleared_at BIGINT
);
CREATE INDEX session_alarms_session ON session_alarms(session_id, cleared_at);

CREATE TABLE device_credentials (
  token_hash TEXT PRIMARY KEY,
  device_id TEXT NOT NULL UNIQUE,
  label TEXT NOT NULL,
  created_by BIGINT NOT NULL REFERENCES staff(id),
  created_at BIGINT NOT NULL
);
)sql";

}  // namespace plasticity::postgresql::schema
