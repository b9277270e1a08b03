#include "storage/sqlite/migrations.h"

#include <array>
#include <chrono>
#include <string>

#include "storage/sqlite/reading_move.h"
#include "storage/sqlite/schema/01_registry_and_staff.h"
#include "storage/sqlite/schema/02_lookup_indexes.h"
#include "storage/sqlite/schema/03_assessments.h"
#include "storage/sqlite/schema/04_treatment_sessions.h"
#include "storage/sqlite/schema/05_planning_and_schedule.h"
#include "storage/sqlite/schema/06_audit_shown_patients.h"
#include "storage/sqlite/schema/07_dose_given.h"
#include "storage/sqlite/schema/08_staff_administration.h"
#include "storage/sqlite/schema/09_clinic_settings.h"
#include "storage/sqlite/schema/10_assessments_by_instrument.h"
#include "storage/sqlite/schema/11_appointments_by_patient.h"
#include "storage/sqlite/schema/12_imported_records.h"
#include "storage/sqlite/schema/13_screen_indexes.h"
#include "storage/sqlite/schema/14_sealed_vitals.h"
#include "storage/sqlite/schema/15_flag_positions.h"
#include "storage/sqlite/schema/16_session_record_positions.h"
#include "storage/sqlite/schema/18_patient_keys.h"
#include "storage/statements/export_statements.h"

namespace plasticity::sqlite {
namespace {

constexpr std::array kMigrations{
    Migration{1, "registry, staff, sessions, audit trail", schema::kRegistryAndStaff},
    Migration{2, "indexes for audit queries and sessions", schema::kLookupIndexes},
    Migration{3, "assessments, self-report links, alerts", schema::kAssessments},
    Migration{4, "treatment sessions, vital signs, alarms, devices", schema::kTreatmentSessions},
    Migration{5, "screenings, plans, schedule, outbox, therapy notes",
              schema::kPlanningAndSchedule},
    Migration{6, "patients shown by list views in the audit trail", schema::kAuditShownPatients},
    Migration{7, "the dose given when an infusion ends early", schema::kDoseGiven},
    Migration{8, "staff deactivation and password links", schema::kStaffAdministration},
    Migration{9, "clinic settings edited in the browser", schema::kClinicSettings},
    Migration{10, "assessments by instrument, for the outcome report",
              schema::kAssessmentsByInstrument},
    Migration{11, "appointments by patient", schema::kAppointmentsByPatient},
    Migration{12, "where imported records came from", schema::kImportedRecords},
    Migration{13, "patient search, latest vitals and audit indexes", schema::kScreenIndexes},
    Migration{14, "vital readings sealed into compact blocks, unique within their session",
              schema::kSealedVitals},
    Migration{15, "the order of an assessment's flags kept in a column", schema::kFlagPositions},
    Migration{16, "the order of a session's checklist and events kept in columns",
              schema::kSessionRecordPositions},
    Migration{17, "FHIR bulk exports kept for every server", statements::kExportJobsSchema},
    Migration{18, "patients numbered inside the database; the audit trail names them by number",
              schema::kPatientKeys},
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
