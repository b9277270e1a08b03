// Migration 4: assessments, self-report links, alerts.
//
// Assessments with their answers, subscales and flags as scored, single-use self-report links
// (only the token's hash kept) and the alerts a clinician must see. Recorded answers are clinical
// records: corrections are new assessments, never edits.
#pragma once

#include <string_view>

namespace plasticity::postgresql::schema {

inline constexpr std::string_view kAssessments = R"sql(
CREATE TABLE assessment_links (
  id TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  patient_id TEXT NOT NULL REFERENCES patients(id),
  instruments TEXT NOT NULL,  -- instrument ids, comma-separated, in the order asked
  created_by BIGINT NOT NULL REFERENCES staff(id),
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT
);

CREATE TABLE assessments (
  id TEXT PRIMARY KEY,
  patient_id TEXT NOT NULL REFERENCES patients(id),
  instrument_id TEXT NOT NULL,
  instrument_version TEXT NOT NULL,
  administered_at BIGINT NOT NULL,
  source TEXT NOT NULL,
  recorded_by BIGINT REFERENCES staff(id),
  link_id TEXT REFERENCES assessment_links(id),
  total BIGINT,
  severity TEXT,
  complete BIGINT NOT NULL,
  provisional_diagnosis BIGINT,
  recorded_at BIGINT NOT NULL
);
CREATE INDEX assessments_by_patient ON assessments(patient_id, instrument_id, administered_at);
CREATE INDEX assessments_by_instrument ON assessments(instrument_id, patient_id, administered_at);

CREATE TABLE assessment_answers (
  assessment_id TEXT NOT NULL REFERENCES assessments(id),
  item_id TEXT NOT NULL,
  score BIGINT NOT NULL,
  PRIMARY KEY (assessment_id, item_id)
);
CREATE TABLE assessment_subscales (
  assessment_id TEXT NOT NULL REFERENCES assessments(id),
  subscale TEXT NOT NULL,
  value BIGINT,
  PRIMARY KEY (assessment_id, subscale)
);
CREATE TABLE assessment_flags (
  assessment_id TEXT NOT NULL REFERENCES assessments(id),
  flag TEXT NOT NULL,
  position BIGINT NOT NULL,
  PRIMARY KEY (assessment_id, flag)
);

CREATE TABLE alerts (
  id TEXT PRIMARY KEY,
  patient_id TEXT NOT NULL REFERENCES patients(id),
  assessment_id TEXT REFERENCES assessments(id),
  kind TEXT NOT NULL,
  message TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  acknowledged_by BIGINT REFERENCES staff(id),
  acknowledged_at BIGINT,
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX alerts_open ON alerts(acknowledged_at, created_at);
CREATE INDEX alerts_by_patient ON alerts(patient_id, created_at);

CREATE TRIGGER assessment_answers_are_kept BEFORE UPDATE OR DELETE ON assessment_answers
FOR EACH ROW EXECUTE FUNCTION plasticity_refuse_change('assessment answers are never changed');
CREATE TRIGGER assessment_answers_are_never_emptied BEFORE TRUNCATE ON assessment_answers
FOR EACH STATEMENT EXECUTE FUNCTION plasticity_refuse_change('assessment answers are never deleted');
)sql";

}  // namespace plasticity::postgresql::schema
