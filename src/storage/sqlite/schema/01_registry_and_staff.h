// Migration 1: registry, staff, sessions, audit trail.
#pragma once

#include <string_view>

namespace plasticity::sqlite::schema {

inline constexpr std::string_view kRegistryAndStaff = R"sql(
CREATE TABLE staff (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE sign_in_failures (
  username TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  last_failure_at INTEGER NOT NULL
) STRICT;

CREATE TABLE staff_sessions (
  token_hash TEXT PRIMARY KEY,
  staff_id INTEGER NOT NULL REFERENCES staff(id),
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL
) STRICT;

CREATE TABLE patients (
  id TEXT PRIMARY KEY,
  mrn TEXT NOT NULL UNIQUE,
  current_version INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  created_by INTEGER NOT NULL REFERENCES staff(id)
) STRICT;

-- Every version of every patient record, whole; the current one is patients.current_version.
CREATE TABLE patient_versions (
  patient_id TEXT NOT NULL REFERENCES patients(id),
  version INTEGER NOT NULL,
  mrn TEXT NOT NULL,
  given_name TEXT NOT NULL,
  family_name TEXT NOT NULL,
  birth_date TEXT NOT NULL,
  sex_at_birth TEXT NOT NULL,
  weight_kg REAL,
  height_cm REAL,
  phone TEXT,
  email TEXT,
  emergency_contact_name TEXT,
  emergency_contact_relationship TEXT,
  emergency_contact_phone TEXT,
  changed_at INTEGER NOT NULL,
  changed_by INTEGER NOT NULL REFERENCES staff(id),
  reason TEXT NOT NULL,
  PRIMARY KEY (patient_id, version)
) STRICT;

CREATE TABLE patient_version_diagnoses (
  patient_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  position INTEGER NOT NULL,
  code TEXT NOT NULL,
  display TEXT NOT NULL,
  PRIMARY KEY (patient_id, version, position),
  FOREIGN KEY (patient_id, version) REFERENCES patient_versions(patient_id, version)
) STRICT;

-- No foreign keys: the trail records refusals and unknown names too, and outlives what it names.
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  staff_id INTEGER,
  username TEXT NOT NULL,
  role TEXT NOT NULL,
  action TEXT NOT NULL,
  outcome TEXT NOT NULL,
  patient_id TEXT,
  request_id TEXT NOT NULL,
  client_address TEXT NOT NULL,
  detail TEXT NOT NULL
) STRICT;

CREATE TRIGGER audit_log_is_append_only_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;
CREATE TRIGGER audit_log_is_append_only_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;
CREATE TRIGGER patient_versions_are_kept_update BEFORE UPDATE ON patient_versions
BEGIN SELECT RAISE(ABORT, 'patient versions are never changed; write a new version'); END;
CREATE TRIGGER patient_versions_are_kept_delete BEFORE DELETE ON patient_versions
BEGIN SELECT RAISE(ABORT, 'patient versions are never deleted'); END;
)sql";

}  // namespace plasticity::sqlite::schema
