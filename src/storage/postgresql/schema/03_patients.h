// Migration 3: patient registry with substring search.
//
// The patient registry: a row per patient (id, MRN, current version, name keys) and every
// version ever written, whole, never changed. Substring search reads a pg_trgm index of the MRN
// and name keys (postgresql/pg_patient_search.cc uses the same expression); pg_trgm is a trusted
// extension, so the database's owner may create it.
#pragma once

#include <string_view>

namespace plasticity::postgresql::schema {

inline constexpr std::string_view kPatients = R"sql(
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE patients (
  id TEXT PRIMARY KEY,
  mrn TEXT NOT NULL UNIQUE,
  current_version BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  created_by BIGINT NOT NULL REFERENCES staff(id),
  family_key TEXT NOT NULL DEFAULT '',
  given_key TEXT NOT NULL DEFAULT ''
);
CREATE INDEX patients_by_name ON patients(family_key, given_key, id);
CREATE INDEX patients_by_given_name ON patients(given_key);
CREATE INDEX patients_by_any_part ON patients USING gin (
  lower((mrn || E'\n' || given_key || ' ' || family_key || E'\n' || family_key || ', ' ||
         given_key) COLLATE "und-x-icu") gin_trgm_ops);

CREATE TABLE patient_versions (
  patient_id TEXT NOT NULL REFERENCES patients(id),
  version BIGINT NOT NULL,
  mrn TEXT NOT NULL,
  given_name TEXT NOT NULL,
  family_name TEXT NOT NULL,
  birth_date TEXT NOT NULL,
  sex_at_birth TEXT NOT NULL,
  weight_kg DOUBLE PRECISION,
  height_cm DOUBLE PRECISION,
  phone TEXT,
  email TEXT,
  emergency_contact_name TEXT,
  emergency_contact_relationship TEXT,
  emergency_contact_phone TEXT,
  changed_at BIGINT NOT NULL,
  changed_by BIGINT NOT NULL REFERENCES staff(id),
  reason TEXT NOT NULL,
  PRIMARY KEY (patient_id, version)
);

CREATE TABLE patient_version_diagnoses (
  patient_id TEXT NOT NULL,
  version BIGINT NOT NULL,
  position BIGINT NOT NULL,
  code TEXT NOT NULL,
  display TEXT NOT NULL,
  PRIMARY KEY (patient_id, version, position),
  FOREIGN KEY (patient_id, version) REFERENCES patient_versions(patient_id, version)
);

CREATE TRIGGER patient_versions_are_kept BEFORE UPDATE OR DELETE ON patient_versions
FOR EACH ROW EXECUTE FUNCTION
  plasticity_refuse_change('patient versions are never changed; write a new version');
CREATE TRIGGER patient_versions_are_never_emptied BEFORE TRUNCATE ON patient_versions
FOR EACH STATEMENT EXECUTE FUNCTION plasticity_refuse_change('patient versions are never deleted');
CREATE TRIGGER patient_version_diagnoses_are_kept BEFORE UPDATE OR DELETE
ON patient_version_diagnoses FOR EACH ROW EXECUTE FUNCTION
  plasticity_refuse_change('patient versions are never changed; write a new version');
CREATE TRIGGER patient_version_diagnoses_are_never_emptied BEFORE TRUNCATE
ON patient_version_diagnoses FOR EACH STATEMENT EXECUTE FUNCTION
  plasticity_refuse_change('patient versions are never deleted');
)sql";

}  // namespace plasticity::postgresql::schema
