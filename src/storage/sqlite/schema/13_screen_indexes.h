// Migration 13: patient search, latest vitals and audit indexes.
//
// Every screen as fast on day 1,800 as on day 1 (issue "Five years of a clinic"):
//  - patient search reads a trigram index of each patient's current MRN and names (substring
//    search of three characters or more) and a name-ordered index (listing, keyset pages, and
//    names beginning with one or two characters), instead of every version of every patient;
//  - the nurse station reads each session's latest reading of each kind, kept as readings arrive,
//    instead of the session's whole history;
//  - the audit trail by action (or action family), and a patient's alerts, walk an index.
#pragma once

#include <string_view>

namespace plasticity::sqlite::schema {

inline constexpr std::string_view kScreenIndexes = R"sql(
ALTER TABLE patients ADD COLUMN family_key TEXT NOT NULL DEFAULT '';
ALTER TABLE patients ADD COLUMN given_key TEXT NOT NULL DEFAULT '';
UPDATE patients SET
  family_key = (SELECT lower(v.family_name) FROM patient_versions v
                WHERE v.patient_id = patients.id AND v.version = patients.current_version),
  given_key = (SELECT lower(v.given_name) FROM patient_versions v
               WHERE v.patient_id = patients.id AND v.version = patients.current_version);
CREATE INDEX patients_by_name ON patients(family_key, given_key, id);
CREATE INDEX patients_by_given_name ON patients(given_key);

CREATE VIRTUAL TABLE patient_search USING fts5(mrn, given_family, family_given,
                                               tokenize = 'trigram');
INSERT INTO patient_search (rowid, mrn, given_family, family_given)
  SELECT p.rowid, v.mrn, v.given_name || ' ' || v.family_name, v.family_name || ', ' || v.given_name
  FROM patients p JOIN patient_versions v ON v.patient_id = p.id AND v.version = p.current_version;

CREATE TABLE session_latest_vitals (
  session_id TEXT NOT NULL REFERENCES treatment_sessions(id),
  kind TEXT NOT NULL,
  device_id TEXT NOT NULL,
  measured_at INTEGER NOT NULL,
  value REAL NOT NULL,
  received_at INTEGER NOT NULL,
  PRIMARY KEY (session_id, kind)
) STRICT, WITHOUT ROWID;
INSERT INTO session_latest_vitals (session_id, kind, device_id, measured_at, value, received_at)
  SELECT session_id, kind, device_id, measured_at, value, received_at FROM vital_readings
  WHERE true ORDER BY session_id, kind, measured_at
  ON CONFLICT (session_id, kind) DO UPDATE SET device_id = excluded.device_id,
    measured_at = excluded.measured_at, value = excluded.value, received_at = excluded.received_at;

CREATE INDEX audit_log_by_action ON audit_log(action, id);
CREATE INDEX alerts_by_patient ON alerts(patient_id, created_at);
)sql";

}  // namespace plasticity::sqlite::schema
