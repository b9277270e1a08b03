// Migration 3: assessments, self-report links, alerts.
#pragma once

#include <string_view>

namespace plasticity::sqlite::schema {

inline constexpr std::string_view kAssessments = R"sql(
CREATE TABLE assessment_links (
  id TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  patient_id TEXT NOT NULL REFERENCES patients(id),
  instruments TEXT NOT NULL,  -- instrument ids, comma-separated, in the order asked
  created_by INTEGER NOT NULL REFERENCES staff(id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER
) STRICT;

CREATE TABLE assessments (
  id TEXT PRIMARY KEY,
  patient_id TEXT NOT NULL REFERENCES patients(id),
  instrument_id TEXT NOT NULL,
  instrument_version TEXT NOT NULL,
  administered_at INTEGER NOT NULL,
  source TEXT NOT NULL,
  recorded_by INTEGER REFERENCES staff(id),
  link_id TEXT REFERENCES assessment_links(id),
  total INTEGER,
  severity TEXT,
  complete INTEGER NOT NULL,
  provisional_diagnosis INTEGER,
  recorded_at INTEGER NOT NULL
) STRICT;
CREATE INDEX assessments_by_patient ON assessments(patient_id, instrument_id, administered_at);

CREATE TABLE assessment_answers (
  assessment_id TEXT NOT NULL REFERENCES assessments(id),
  item_id TEXT NOT NULL,
  score INTEGER NOT NULL,
  PRIMARY KEY (assessment_id, item_id)
) STRICT;

-- What the scoring said at the time: subscales (value null when incomplete) and flags.
CREATE TABLE assessment_subscales (
  assessment_id TEXT NOT NULL REFERENCES assessments(id),
  subscale TEXT NOT NULL,
  value INTEGER,
  PRIMARY KEY (assessment_id, subscale)
) STRICT;
CREATE TABLE assessment_flags (
  assessment_id TEXT NOT NULL REFERENCES assessments(id),
  flag TEXT NOT NULL,
  PRIMARY KEY (assessment_id, flag)
) STRICT;

CREATE TABLE alerts (
  id TEXT PRIMARY KEY,
  patient_id TEXT NOT NULL REFERENCES patients(id),
  assessment_id TEXT REFERENCES assessments(id),
  kind TEXT NOT NULL,
  message TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  acknowledged_by INTEGER REFERENCES staff(id),
  acknowledged_at INTEGER,
  note TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX alerts_open ON alerts(acknowledged_at, created_at);

-- Recorded answers are clinical records: corrections are new assessments, never edits.
CREATE TRIGGER assessment_answers_are_kept_update BEFORE UPDATE ON assessment_answers
BEGIN SELECT RAISE(ABORT, 'assessment answers are never changed'); END;
CREATE TRIGGER assessment_answers_are_kept_delete BEFORE DELETE ON assessment_answers
BEGIN SELECT RAISE(ABORT, 'assessment answers are never deleted'); END;
)sql";

}  // namespace plasticity::sqlite::schema
