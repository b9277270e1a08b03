#include "storage/sqlite/migrations.h"

#include <array>
#include <chrono>
#include <string>

namespace plasticity::sqlite {
namespace {

constexpr std::string_view kRegistryAndStaff = R"sql(
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

constexpr std::string_view kLookupIndexes = R"sql(
CREATE INDEX audit_log_by_patient ON audit_log(patient_id, id);
CREATE INDEX audit_log_by_username ON audit_log(username, id);
CREATE INDEX audit_log_by_time ON audit_log(at);
CREATE INDEX staff_sessions_by_staff ON staff_sessions(staff_id);
)sql";

constexpr std::string_view kAssessments = R"sql(
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

constexpr std::array kMigrations{
    Migration{1, "registry, staff, sessions, audit trail", kRegistryAndStaff},
    Migration{2, "indexes for audit queries and sessions", kLookupIndexes},
    Migration{3, "assessments, self-report links, alerts", kAssessments},
};

std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace

std::span<const Migration> sqlite_migrations() { return kMigrations; }

std::int64_t apply_migrations(Connection& db, std::span<const Migration> migrations) {
  db.execute(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT "
      "NULL, applied_at INTEGER NOT NULL) STRICT");
  Statement current{db, "SELECT coalesce(max(version), 0) FROM schema_migrations"};
  current.step();
  std::int64_t version = current.integer(0);
  const std::int64_t known = migrations.empty() ? 0 : migrations.back().version;
  if (version > known) {
    throw StoreError("this database has schema version " + std::to_string(version) +
                     ", newer than this Plasticity knows (" + std::to_string(known) +
                     "): it was written by a newer release. Upgrade Plasticity, or restore a "
                     "backup made by this release.");
  }
  for (const Migration& migration : migrations) {
    if (migration.version <= version) continue;
    Transaction transaction{db};
    db.execute(migration.sql);
    Statement record{db,
                     "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)"};
    record.bind(1, migration.version).bind(2, migration.name).bind(3, now_ms()).run();
    transaction.commit();
    version = migration.version;
  }
  return version;
}

}  // namespace plasticity::sqlite
