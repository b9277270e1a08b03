#include "storage/sqlite/migrations.h"

#include <array>
#include <chrono>
#include <string>

#include "storage/sqlite/reading_move.h"
#include "storage/statements/export_statements.h"

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

// Treatment sessions: dose as calculated, phase changes, checklists, vital signs, alarms, devices.
constexpr const char* kTreatmentSessions = R"sql(
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

constexpr const char* kPlanningAndSchedule = R"sql(
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

// A list view's audit entry names every patient it showed; the trail stays append-only.
constexpr std::string_view kAuditShownPatients = R"sql(
CREATE TABLE audit_patients (
  patient_id TEXT NOT NULL,
  audit_id INTEGER NOT NULL REFERENCES audit_log(id),
  PRIMARY KEY (patient_id, audit_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX audit_patients_by_entry ON audit_patients(audit_id);
CREATE TRIGGER audit_patients_is_append_only_update BEFORE UPDATE ON audit_patients
BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;
CREATE TRIGGER audit_patients_is_append_only_delete BEFORE DELETE ON audit_patients
BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;
)sql";

// An infusion ended before its planned end records the dose actually given.
constexpr std::string_view kDoseGiven = R"sql(
ALTER TABLE session_transitions ADD COLUMN dose_given_mg REAL;
)sql";

// Staff accounts are deactivated, never deleted; passwords are set through single-use links.
constexpr std::string_view kStaffAdministration = R"sql(
ALTER TABLE staff ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
CREATE TABLE password_resets (
  token_hash TEXT PRIMARY KEY,
  staff_id INTEGER NOT NULL REFERENCES staff(id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER
) STRICT;
CREATE INDEX password_resets_by_staff ON password_resets(staff_id);
)sql";

// The settings an admin edits in the browser; each row overrides the clinic's definition files.
constexpr std::string_view kClinicSettings = R"sql(
CREATE TABLE clinic_settings (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  changed_at INTEGER NOT NULL,
  changed_by INTEGER REFERENCES staff(id)
) STRICT;
)sql";

// The outcome report reads one instrument's assessments of every patient in patient and time
// order: with this index that is a walk, not a sort of the whole table
// (bench/outcome_report_bench).
constexpr std::string_view kAssessmentsByInstrument = R"sql(
CREATE INDEX assessments_by_instrument ON assessments(instrument_id, patient_id, administered_at);
)sql";

// A patient's appointments (the FHIR Encounters of one patient) without a walk of the schedule.
constexpr std::string_view kAppointmentsByPatient = R"sql(
CREATE INDEX appointments_patient ON appointments(patient_id, starts_at);
)sql";

// Where each imported record came from (storage/areas/import_store.h).
constexpr std::string_view kImportedRecords = R"sql(
CREATE TABLE imported_records (
  record_id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  source TEXT NOT NULL,
  source_key TEXT NOT NULL,
  run_id TEXT NOT NULL,
  imported_at INTEGER NOT NULL
) STRICT;
)sql";

// Every screen as fast on day 1,800 as on day 1 (issue "Five years of a clinic"):
//  - patient search reads a trigram index of each patient's current MRN and names (substring
//    search of three characters or more) and a name-ordered index (listing, keyset pages, and
//    names beginning with one or two characters), instead of every version of every patient;
//  - the nurse station reads each session's latest reading of each kind, kept as readings arrive,
//    instead of the session's whole history;
//  - the audit trail by action (or action family), and a patient's alerts, walk an index.
constexpr std::string_view kScreenIndexes = R"sql(
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

// A finished session's readings sealed into compact blocks (storage/vital_block.h): about 1.2
// bytes a reading instead of about 150 as rows. Blocks are never changed or deleted; a reading
// leaves vital_readings only once its session has a block (the sealing writes the block and
// deletes the rows in one transaction, after decoding the block and comparing it with them).
// Existing clinics are sealed in place in the background (server) or by `plasticity compact`,
// a few sessions a transaction: resumable, and no reading is ever in neither place.
//
// And a reading is the same reading when its session, device, kind and measurement time are the
// same: keyed by the device alone, two sessions whose monitors share a name at the same
// millisecond kept only one reading, silently. The old table is set aside whole here, still
// guarded; its rows then move to the new one as they are, a transaction at a time, so that a
// clinic of hundreds of millions of readings, interrupted, goes on where it stopped
// (sqlite/reading_move.h).
constexpr std::string_view kSealedVitals = R"sql(
CREATE TABLE vital_blocks (
  session_id TEXT NOT NULL REFERENCES treatment_sessions(id),
  block INTEGER NOT NULL,
  readings INTEGER NOT NULL,
  first_at INTEGER NOT NULL,
  last_at INTEGER NOT NULL,
  data BLOB NOT NULL,
  sealed_at INTEGER NOT NULL,
  PRIMARY KEY (session_id, block)
) STRICT;
CREATE TRIGGER vital_blocks_are_kept_update BEFORE UPDATE ON vital_blocks
BEGIN SELECT RAISE(ABORT, 'sealed vital readings are never changed'); END;
CREATE TRIGGER vital_blocks_are_kept_delete BEFORE DELETE ON vital_blocks
BEGIN SELECT RAISE(ABORT, 'sealed vital readings are never deleted'); END;

CREATE TABLE vital_readings_by_session (
  session_id TEXT NOT NULL REFERENCES treatment_sessions(id),
  device_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  measured_at INTEGER NOT NULL,
  value REAL NOT NULL,
  received_at INTEGER NOT NULL,
  PRIMARY KEY (session_id, device_id, kind, measured_at)
) STRICT, WITHOUT ROWID;
DROP TRIGGER vital_readings_are_kept_update;
DROP TRIGGER vital_readings_are_kept_delete;
DROP INDEX vital_readings_session;
ALTER TABLE vital_readings RENAME TO vital_readings_to_move;
CREATE TRIGGER vital_readings_to_move_are_kept_update BEFORE UPDATE ON vital_readings_to_move
BEGIN SELECT RAISE(ABORT, 'vital readings are never changed'); END;
CREATE TRIGGER vital_readings_to_move_are_kept_delete BEFORE DELETE ON vital_readings_to_move
BEGIN SELECT RAISE(ABORT, 'vital readings are never deleted'); END;
-- The old key of the first reading not yet moved; no row until the first batch is across.
CREATE TABLE vital_readings_to_move_from (
  device_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  measured_at INTEGER NOT NULL
) STRICT;
ALTER TABLE vital_readings_by_session RENAME TO vital_readings;
CREATE INDEX vital_readings_session ON vital_readings(session_id, measured_at);
CREATE TRIGGER vital_readings_are_kept_update BEFORE UPDATE ON vital_readings
BEGIN SELECT RAISE(ABORT, 'vital readings are never changed'); END;
CREATE TRIGGER vital_readings_are_kept_delete BEFORE DELETE ON vital_readings
WHEN NOT EXISTS (SELECT 1 FROM vital_blocks WHERE session_id = OLD.session_id)
BEGIN SELECT RAISE(ABORT, 'vital readings are never deleted'); END;
)sql";

// The order of an assessment's flags kept in a column, so that one statement reads it on both
// engines (it was SQLite's rowid, which PostgreSQL has no twin of); existing flags keep theirs.
constexpr std::string_view kFlagPositions = R"sql(
ALTER TABLE assessment_flags ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
UPDATE assessment_flags SET position = rowid;
)sql";

// The order of a session's checklist entries and events kept in a column, for the same reason:
// existing ones keep theirs (rowid grows with every insert), new ones take the next position in
// their session. Events are never changed, so their guard steps aside for the copy.
constexpr std::string_view kSessionRecordPositions = R"sql(
ALTER TABLE session_checklist ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
UPDATE session_checklist SET position = rowid;
DROP INDEX session_checklist_session;
CREATE UNIQUE INDEX session_checklist_order ON session_checklist(session_id, position);
DROP TRIGGER session_events_are_kept_update;
ALTER TABLE session_events ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
UPDATE session_events SET position = rowid;
CREATE TRIGGER session_events_are_kept_update BEFORE UPDATE ON session_events
BEGIN SELECT RAISE(ABORT, 'session events are never changed'); END;
CREATE UNIQUE INDEX session_events_order ON session_events(session_id, position);
)sql";

constexpr std::array kMigrations{
    Migration{1, "registry, staff, sessions, audit trail", kRegistryAndStaff},
    Migration{2, "indexes for audit queries and sessions", kLookupIndexes},
    Migration{3, "assessments, self-report links, alerts", kAssessments},
    Migration{4, "treatment sessions, vital signs, alarms, devices", kTreatmentSessions},
    Migration{5, "screenings, plans, schedule, outbox, therapy notes", kPlanningAndSchedule},
    Migration{6, "patients shown by list views in the audit trail", kAuditShownPatients},
    Migration{7, "the dose given when an infusion ends early", kDoseGiven},
    Migration{8, "staff deactivation and password links", kStaffAdministration},
    Migration{9, "clinic settings edited in the browser", kClinicSettings},
    Migration{10, "assessments by instrument, for the outcome report", kAssessmentsByInstrument},
    Migration{11, "appointments by patient", kAppointmentsByPatient},
    Migration{12, "where imported records came from", kImportedRecords},
    Migration{13, "patient search, latest vitals and audit indexes", kScreenIndexes},
    Migration{14, "vital readings sealed into compact blocks, unique within their session",
              kSealedVitals},
    Migration{15, "the order of an assessment's flags kept in a column", kFlagPositions},
    Migration{16, "the order of a session's checklist and events kept in columns",
              kSessionRecordPositions},
    Migration{17, "FHIR bulk exports kept for every server", statements::kExportJobsSchema},
};

// Tells `report` that a migration still runs, every ten seconds, from SQLite's progress handler
// (called every so many virtual-machine steps of the migration's statements).
class RunningReport {
 public:
  RunningReport(Connection& db, const Migration& migration, const MigrationReport& report)
      : db_(db), migration_(migration), report_(report) {
    if (report_) sqlite3_progress_handler(db_.handle(), kSteps, &RunningReport::tick, this);
  }
  ~RunningReport() {
    if (report_) sqlite3_progress_handler(db_.handle(), 0, nullptr, nullptr);
  }
  RunningReport(const RunningReport&) = delete;
  RunningReport& operator=(const RunningReport&) = delete;

  std::chrono::milliseconds elapsed() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                 started_);
  }

 private:
  static constexpr int kSteps = 1'000'000;  // a few milliseconds of work
  static constexpr std::chrono::seconds kEvery{10};

  static int tick(void* self) {
    auto& running = *static_cast<RunningReport*>(self);
    const auto now = std::chrono::steady_clock::now();
    if (now - running.last_ >= kEvery) {
      running.last_ = now;
      running.report_(running.migration_, MigrationStage::running, {running.elapsed()});
    }
    return 0;  // never interrupts the migration
  }

  Connection& db_;
  const Migration& migration_;
  const MigrationReport& report_;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_ = started_;
};

void apply_one(Connection& db, const Migration& migration, const MigrationReport& told) {
  if (told) told(migration, MigrationStage::started, {});
  RunningReport running{db, migration, told};
  Transaction transaction{db};
  db.execute(migration.sql);
  Statement record{db,
                   "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)"};
  record.bind(1, migration.version).bind(2, migration.name).bind(3, migration_time_ms()).run();
  transaction.commit();
  if (told) told(migration, MigrationStage::applied, {running.elapsed()});
}

}  // namespace

std::span<const Migration> sqlite_migrations() { return kMigrations; }

std::int64_t apply_migrations(Connection& db, std::span<const Migration> migrations,
                              const MigrationReport& report,
                              std::int64_t readings_per_transaction) {
  db.execute(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT "
      "NULL, applied_at INTEGER NOT NULL) STRICT");
  std::int64_t version = 0;
  {  // finished before any migration runs: a statement still open would block a DROP TABLE
    Statement current{db, "SELECT coalesce(max(version), 0) FROM schema_migrations"};
    current.step();
    version = current.integer(0);
  }
  refuse_newer_schema(version, migrations.empty() ? 0 : migrations.back().version);
  // A new database's schema is made in moments: only an existing clinic's are reported.
  const MigrationReport told = version > 0 ? report : MigrationReport{};
  // Readings an interrupted start left to move are across before any later migration runs.
  const auto finish_moving = [&] {
    move_set_aside_readings(db, kMigrations[13], told, readings_per_transaction);
  };
  finish_moving();
  for (const Migration& migration : migrations) {
    if (migration.version <= version) continue;
    apply_one(db, migration, told);
    version = migration.version;
    finish_moving();
  }
  return version;
}

}  // namespace plasticity::sqlite
