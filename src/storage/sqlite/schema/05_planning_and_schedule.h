// Migration 5: screenings, plans, schedule, outbox, therapy notes.
#pragma once

#include <string_view>

namespace plasticity::sqlite::schema {

inline constexpr std::string_view kPlanningAndSchedule = R"sql(
-- Eligibility screenings: the intake and the rules it fired, then the prescriber's sign-off once.
CREATE TABLE screenings (
  id TEXT PRIMARY KEY,
  patient_id TEXT NOT NULL REFERENCES patients(id),
  protocol_id TEXT NOT NULL,
  intake TEXT NOT NULL,
  eligibility TEXT NOT NULL,
  fired TEXT NOT NULL,
  screened_at INTEGER NOT NULL,
  screened_by INTEGER NOT NULL REFERENCES staff(id),
  decision TEXT,
  overrides TEXT NOT NULL DEFAULT '[]',
  sign_off_note TEXT NOT NULL DEFAULT '',
  signed_by INTEGER REFERENCES staff(id),
  signed_at INTEGER
) STRICT;
CREATE INDEX screenings_patient ON screenings(patient_id, screened_at);
CREATE TRIGGER screenings_sign_once BEFORE UPDATE ON screenings
WHEN OLD.decision IS NOT NULL OR NEW.intake IS NOT OLD.intake OR NEW.fired IS NOT OLD.fired
  OR NEW.eligibility IS NOT OLD.eligibility
BEGIN SELECT RAISE(ABORT, 'a screening is signed once and never changed'); END;
CREATE TRIGGER screenings_are_kept BEFORE DELETE ON screenings
BEGIN SELECT RAISE(ABORT, 'screenings are never deleted'); END;

-- One course per screening (UNIQUE): a new course needs a new screening.
CREATE TABLE treatment_plans (
  id TEXT PRIMARY KEY,
  patient_id TEXT NOT NULL REFERENCES patients(id),
  screening_id TEXT NOT NULL UNIQUE REFERENCES screenings(id),
  protocol_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  created_by INTEGER NOT NULL REFERENCES staff(id),
  created_at INTEGER NOT NULL,
  confirmed_at INTEGER,
  confirmed_by INTEGER REFERENCES staff(id)
) STRICT;
CREATE INDEX treatment_plans_patient ON treatment_plans(patient_id, created_at);

CREATE TABLE plan_versions (
  plan_id TEXT NOT NULL REFERENCES treatment_plans(id),
  version INTEGER NOT NULL,
  body TEXT NOT NULL,
  at INTEGER NOT NULL,
  staff_id INTEGER NOT NULL REFERENCES staff(id),
  reason TEXT NOT NULL,
  PRIMARY KEY (plan_id, version)
) STRICT;
CREATE TRIGGER plan_versions_are_kept_update BEFORE UPDATE ON plan_versions
BEGIN SELECT RAISE(ABORT, 'plan versions are never changed'); END;
CREATE TRIGGER plan_versions_are_kept_delete BEFORE DELETE ON plan_versions
BEGIN SELECT RAISE(ABORT, 'plan versions are never deleted'); END;

CREATE TABLE resources (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  name TEXT NOT NULL UNIQUE,
  active INTEGER NOT NULL
) STRICT;

CREATE TABLE working_hours (
  staff_id INTEGER NOT NULL REFERENCES staff(id),
  weekday INTEGER NOT NULL,
  start_minute INTEGER NOT NULL,
  end_minute INTEGER NOT NULL
) STRICT;
CREATE INDEX working_hours_staff ON working_hours(staff_id);

CREATE TABLE appointments (
  id TEXT PRIMARY KEY,
  patient_id TEXT NOT NULL REFERENCES patients(id),
  type_id TEXT NOT NULL,
  resource_id TEXT NOT NULL REFERENCES resources(id),
  staff_ids TEXT NOT NULL,
  starts_at INTEGER NOT NULL,
  ends_at INTEGER NOT NULL,
  status TEXT NOT NULL,
  plan_id TEXT REFERENCES treatment_plans(id),
  plan_sequence INTEGER NOT NULL,
  treatment_session_id TEXT REFERENCES treatment_sessions(id),
  note TEXT NOT NULL,
  version INTEGER NOT NULL,
  created_by INTEGER NOT NULL REFERENCES staff(id),
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX appointments_time ON appointments(starts_at, ends_at);
CREATE INDEX appointments_plan ON appointments(plan_id, plan_sequence);
CREATE INDEX appointments_session ON appointments(treatment_session_id);

CREATE TABLE outbox (
  id TEXT PRIMARY KEY,
  appointment_id TEXT NOT NULL REFERENCES appointments(id),
  patient_id TEXT NOT NULL REFERENCES patients(id),
  instruction_id TEXT NOT NULL,
  text TEXT NOT NULL,
  send_after INTEGER NOT NULL,
  status TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  sent_at INTEGER
) STRICT;
CREATE INDEX outbox_status ON outbox(status, send_after);
CREATE INDEX outbox_appointment ON outbox(appointment_id);

-- KAP psychotherapy notes: never changed or deleted; readable by the author and grantees only.
CREATE TABLE therapy_notes (
  id TEXT PRIMARY KEY,
  patient_id TEXT NOT NULL REFERENCES patients(id),
  template_id TEXT NOT NULL,
  treatment_session_id TEXT REFERENCES treatment_sessions(id),
  sections TEXT NOT NULL,
  author_id INTEGER NOT NULL REFERENCES staff(id),
  written_at INTEGER NOT NULL
) STRICT;
CREATE INDEX therapy_notes_patient ON therapy_notes(patient_id, written_at);
CREATE TRIGGER therapy_notes_are_kept_update BEFORE UPDATE ON therapy_notes
BEGIN SELECT RAISE(ABORT, 'therapy notes are never changed'); END;
CREATE TRIGGER therapy_notes_are_kept_delete BEFORE DELETE ON therapy_notes
BEGIN SELECT RAISE(ABORT, 'therapy notes are never deleted'); END;

CREATE TABLE therapy_note_grants (
  note_id TEXT NOT NULL REFERENCES therapy_notes(id),
  staff_id INTEGER NOT NULL REFERENCES staff(id),
  granted_by INTEGER NOT NULL REFERENCES staff(id),
  granted_at INTEGER NOT NULL,
  PRIMARY KEY (note_id, staff_id)
) STRICT;
)sql";

}  // namespace plasticity::sqlite::schema
