#include "storage/postgresql/pg_migrations.h"

#include <array>
#include <optional>

#include "storage/postgresql/schema/01_staff_and_audit_trail.h"
#include "storage/postgresql/schema/02_clinic_settings.h"
#include "storage/postgresql/schema/03_patients.h"
#include "storage/postgresql/schema/04_assessments.h"
#include "storage/postgresql/schema/05_planning_and_schedule.h"
#include "storage/postgresql/schema/06_treatment_sessions.h"
#include "storage/postgresql/schema/07_imported_records.h"
#include "storage/postgresql/schema/09_patient_keys.h"
#include "storage/statements/export_statements.h"

namespace plasticity::postgresql {
namespace {

constexpr std::array kMigrations{
    Migration{1, "staff, password links, sign-in, audit trail", schema::kStaffAndAuditTrail},
    Migration{2, "clinic settings edited in the browser", schema::kClinicSettings},
    Migration{3, "patient registry with substring search", schema::kPatients},
    Migration{4, "assessments, self-report links, alerts", schema::kAssessments},
    Migration{5, "screenings, plans, schedule, outbox, therapy notes",
              schema::kPlanningAndSchedule},
    Migration{6, "treatment sessions, vital signs, alarms, devices", schema::kTreatmentSessions},
    Migration{7, "where imported records came from", schema::kImportedRecords},
    Migration{8, "FHIR bulk exports kept for every server", statements::kExportJobsSchema},
    Migration{9, "patients numbered inside the database; the audit trail names them by number",
              schema::kPatientKeys},
};

// One key for every Plasticity process on a database: "PLAS" in ASCII.
constexpr std::int64_t kMigrationLock = 0x504C4153;

std::int64_t current_version(Connection& db) {
  Statement current{db, "SELECT coalesce(max(version), 0) FROM schema_migrations"};
  current.step();
  return current.integer(0);
}

// Engine-neutral statements compare and order text byte by byte, as SQLite does; a database
// whose collation follows a language would order names and match ranges differently.
void require_byte_order_utf8(Connection& db) {
  Statement st{db,
               "SELECT datlocprovider = 'c' AND datcollate IN ('C', 'POSIX', 'C.UTF-8', 'C.utf8') "
               "AND pg_encoding_to_char(encoding) = 'UTF8' FROM pg_database "
               "WHERE datname = current_database()"};
  if (st.step() && st.integer(0) == 1) return;
  throw StoreError(
      "this PostgreSQL database must use UTF-8 and the C collation (text compared byte by byte, "
      "as on SQLite); create it with: CREATE DATABASE plasticity TEMPLATE template0 ENCODING "
      "'UTF8' LOCALE 'C'");
}

}  // namespace

std::span<const Migration> postgresql_migrations() { return kMigrations; }

std::int64_t apply_migrations(Connection& db, std::span<const Migration> migrations,
                              const MigrationReport& report) {
  require_byte_order_utf8(db);
  const std::int64_t known = migrations.empty() ? 0 : migrations.back().version;
  std::optional<bool> existing;  // as found before the first migration: a new one is not reported
  for (;;) {
    // The lock is the transaction's: a process killed mid-migration releases it with its
    // rollback, and the next one to take it reads the version afresh.
    Transaction transaction{db};
    Statement lock{db, "SELECT pg_advisory_xact_lock(?)"};
    lock.bind(1, kMigrationLock).step();
    db.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT "
        "NULL, applied_at BIGINT NOT NULL)");
    const std::int64_t version = current_version(db);
    refuse_newer_schema(version, known);
    if (!existing) existing = version > 0;
    const Migration* next = nullptr;
    for (const Migration& migration : migrations) {
      if (migration.version > version) {
        next = &migration;
        break;
      }
    }
    if (next == nullptr) {
      transaction.commit();
      return version;
    }
    const auto started = std::chrono::steady_clock::now();
    if (*existing && report) report(*next, MigrationStage::started, {});
    db.execute(next->sql);
    Statement record{db,
                     "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)"};
    record.bind(1, next->version).bind(2, next->name).bind(3, migration_time_ms()).run();
    transaction.commit();
    if (*existing && report) {
      report(*next, MigrationStage::applied,
             {std::chrono::duration_cast<std::chrono::milliseconds>(
                 std::chrono::steady_clock::now() - started)});
    }
  }
}

}  // namespace plasticity::postgresql
