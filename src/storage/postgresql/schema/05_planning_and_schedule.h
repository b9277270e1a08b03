// Migration 5: screenings, plans, schedule, outbox, therapy notes.
//
// Screenings, treatment plans with every version, the schedule (chairs and rooms, working hours,
// appointments, the outbox) and KAP therapy notes with their grants. Appointments and therapy
// notes name a treatment session; the foreign key to treatment_sessions joins with that table.
#pragma once

#include <string_view>

namespace plasticity::postgresql::schema {

inline constexpr std::string_view kPlanningAndSchedule = R"sql(
-- Eligibility screenings: the intake and the rules it fired, then the prescriber's sign-off once.
CREATE TABLE screenings (
  id TEXT PRIMARY KEY,
  patient_id TEXT NOT NULL REFERENCES patients(id),
  protocol_id TEXT NOT NULL,
  intake TEXT NOT NULL,
  eligibility TEXT NOT NULL,
  fired TEXT NOT NULL,
  screened_at BIGINT NOT NULL,
  screened_by BIGINT NOT NULL REFERENCES staff(id),
  decision TEXT,
  overrides TEXT NOT NULL DEFAULT '[]',
  sign_off_note TEXT NOT NULL DEFAULT '',
  signed_by BIGINT REFERENCES staff(id),
  signed_at BIGINT
);
CREATE INDEX screenings_patient ON screenings(patient_id, screened_at);
CREATE FUNCTION plasticity_screening_signed_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.decision IS NOT NULL OR NEW.intake IS DISTINCT FROM OLD.intake
     OR NEW.fired IS DISTINCT FROM OLD.fired OR NEW.eligibility IS DISTINCT FROM OLD.eligibility THEN
    RAISE EXCEPTION 'a screening is signed once and never changed'
      USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER screenings_sign_once BEFORE UPDATE ON screenings
FOR EACH ROW EXECUTE FUNCTION plasticity_screening_signed_once();
CREATE TRIGGER screenings_are_kept BEFORE DELETE ON screenings
FOR EACH ROW EXECUTE FUNCTION plasticity_refuse_change('screenings are never deleted');

-- One course per screening (UNIQUE): a new course needs a new screening.
CREATE TABLE treatment_plans (
  id TEXT PRIMARY KEY,
  patient_id TEXT NOT NULL REFERENCES patients(id),
  screening_id TEXT NOT NULL UNIQUE REFERENCES screenings(id),
  protocol_id TEXT NOT NULL,
  version BIGINT NOT NULL,
  created_by BIGINT NOT NULL REFERENCES staff(id),
  created_at BIGINT NOT NULL,
  confirmed_at BIGINT,
  confirmed_by BIGINT REFERENCES staff(id)
);
CREATE INDEX treatment_plans_patient ON treatment_plans(patient_id, created_at);

CREATE TABLE plan_versions (
  plan_id TEXT NOT NULL REFERENCES treatment_plans(id),
  version BIGINT NOT NULL,
  body TEXT NOT NULL,
  at BIGINT NOT NULL,
  staff_id BIGINT NOT NULL REFERENCES staff(id),
  reason TEXT NOT NULL,
  PRIMARY KEY (plan_id, version)
);
CREATE TRIGGER plan_versions_are_kept BEFORE UPDATE OR DELETE ON plan_versions
FOR EACH ROW EXECUTE FUNCTION plasticity_refuse_change('plan versions are never changed');

CREATE TABLE resources (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  name TEXT NOT NULL UNIQUE,
  active BIGINT NOT NULL
);

CREATE TABLE working_hours (
  staff_id BIGINT NOT NULL REFERENCES staff(id),
  weekday BIGINT NOT NULL,
  start_minute BIGINT NOT NULL,
  end_minute BIGINT NOT NULL
);
CREATE INDEX working_hours_staff ON working_hours(staff_id);

CREATE TABLE appointments (
  id TEXT PRIMARY KEY,
  patient_id TEXT NOT NULL REFERENCES patients(id),
  type_id TEXT NOT NULL,
  resource_id TEXT NOT NULL REFERENCES resources(id),
  staff_ids TEXT NOT NULL,
  starts_at BIGINT NOT NULL,
  ends_at BIGINT NOT NULL,
  status TEXT NOT NULL,
  plan_id TEXT REFERENCES treatment_plans(id),
  plan_sequence BIGINT NOT NULL,
  treatment_session_id TEXT,
  note TEXT NOT NULL,
  version BIGINT NOT NULL,
  created_by BIGINT NOT NULL REFERENCES staff(id),
  created_at BIGINT NOT NULL
);
CREATE INDEX appointments_time ON appointments(starts_at, ends_at);
CREATE INDEX appointments_plan ON appointments(plan_id, plan_sequence);
CREATE INDEX appointments_session ON appointments(treatment_session_id);
CREATE INDEX appointments_patient ON appointments(patient_id, starts_at);

CREATE TABLE outbox (
  id TEXT PRIMARY KEY,
  appointment_id TEXT NOT NULL REFERENCES appointments(id),
  patient_id TEXT NOT NULL REFERENCES patients(id),
  instruction_id TEXT NOT NULL,
  text TEXT NOT NULL,
  send_after BIGINT NOT NULL,
  status TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  sent_at BIGINT
);
CREATE INDEX outbox_status ON outbox(status, send_after);
CREATE INDEX outbox_appointment ON outbox(appointment_id);

-- KAP psychotherapy notes: never changed or deleted; readable by the author and grantees only.
CREATE TABLE therapy_notes (
  id TEXT PRIMARY KEY,
  patient_id TEXT NOT NULL REFERENCES patients(id),
  template_id TEXT NOT NULL,
  treatment_session_id TEXT,
  sections TEXT NOT NULL,
  author_id BIGINT NOT NULL REFERENCES staff(id),
  written_at BIGINT NOT NULL
);
CREATE INDEX therapy_notes_patient ON therapy_notes(patient_id, written_at);
CREATE TRIGGER therapy_notes_are_kept BEFORE UPDATE OR DELETE ON therapy_notes
FOR EACH ROW EXECUTE FUNCTION plasticity_refuse_change('therapy notes are never changed');

CREATE TABLE therapy_note_grants (
  note_id TEXT NOT NULL REFERENCES therapy_notes(id),
  staff_id BIGINT NOT NULL REFERENCES staff(id),
  granted_by BIGINT NOT NULL REFERENCES staff(id),
  granted_at BIGINT NOT NULL,
  PRIMARY KEY (note_id, staff_id)
);
)sql";

}  // namespace plasticity::postgresql::schema
