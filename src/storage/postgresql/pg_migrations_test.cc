#include "storage/postgresql/pg_migrations.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "storage/postgresql/test_database.h"
#include "storage/statements/audit_statements.h"

namespace plasticity::postgresql {
namespace {

using ::testing::HasSubstr;

using PgMigrations = TestDatabase;

std::int64_t count(Connection& db, const std::string& sql) {
  Statement st{db, sql};
  st.step();
  return st.integer(0);
}

TEST_F(PgMigrations, ANewDatabaseGetsEveryMigrationOnceAndAgainNothing) {
  Connection db{url()};
  const auto migrations = postgresql_migrations();
  EXPECT_EQ(apply_migrations(db, migrations), migrations.back().version);
  EXPECT_EQ(apply_migrations(db, migrations), migrations.back().version);
  EXPECT_EQ(count(db, "SELECT count(*) FROM schema_migrations"),
            static_cast<std::int64_t>(migrations.size()));
}

TEST_F(PgMigrations, AnExistingDatabaseIsToldOfEachPendingMigration) {
  Connection db{url()};
  const auto migrations = postgresql_migrations();
  const Migration extra{migrations.back().version + 1, "a later one", "CREATE TABLE later (x INT)"};
  std::vector<Migration> later(migrations.begin(), migrations.end());
  later.push_back(extra);
  std::vector<std::string> told;
  const MigrationReport report = [&](const Migration& migration, MigrationStage stage,
                                     const MigrationProgress&) {
    told.push_back((stage == MigrationStage::started ? "started " : "applied ") +
                   std::string(migration.name));
  };
  apply_migrations(db, migrations, report);
  EXPECT_TRUE(told.empty()) << "a new database is made in moments and not reported";
  EXPECT_EQ(apply_migrations(db, later, report), extra.version);
  EXPECT_EQ(told, (std::vector<std::string>{"started a later one", "applied a later one"}));
}

TEST_F(PgMigrations, ADatabaseFromANewerReleaseIsRefusedByName) {
  Connection db{url()};
  apply_migrations(db, postgresql_migrations());
  Statement{db, "INSERT INTO schema_migrations VALUES (999, 'from the future', 0)"}.run();
  try {
    apply_migrations(db, postgresql_migrations());
    FAIL() << "a newer schema was accepted";
  } catch (const StoreError& error) {
    EXPECT_THAT(error.what(), HasSubstr("schema version 999, newer than this Plasticity knows"));
  }
}

// Processes starting together on one database: the advisory lock lets one migrate and the others
// find it done, so no migration is applied twice or collides with itself.
TEST_F(PgMigrations, ProcessesStartingTogetherMigrateOnce) {
  constexpr int kProcesses = 4;
  std::vector<std::int64_t> reached(kProcesses, -1);
  std::vector<std::string> failures(kProcesses);
  std::vector<std::thread> starting;
  for (int i = 0; i < kProcesses; ++i) {
    starting.emplace_back([&, i] {
      try {
        Connection db{url()};
        reached[i] = apply_migrations(db, postgresql_migrations());
      } catch (const std::exception& error) {
        failures[i] = error.what();
      }
    });
  }
  for (auto& thread : starting) thread.join();
  for (int i = 0; i < kProcesses; ++i) {
    EXPECT_EQ(failures[i], "");
    EXPECT_EQ(reached[i], postgresql_migrations().back().version);
  }
  Connection db{url()};
  EXPECT_EQ(count(db, "SELECT count(*) FROM schema_migrations"),
            static_cast<std::int64_t>(postgresql_migrations().size()));
}

TEST_F(PgMigrations, TheAuditTrailCannotBeChangedEmptiedOrDeleted) {
  Connection db{url()};
  apply_migrations(db, postgresql_migrations());
  Statement{db,
            "INSERT INTO audit_log (at, username, role, action, outcome, request_id, "
            "client_address, detail) VALUES (1, 'nurse', 'nurse', 'patient.read', 'ok', 'r1', "
            "'127.0.0.1', '') "}
      .run();
  for (const char* change : {"UPDATE audit_log SET outcome = 'denied'", "DELETE FROM audit_log",
                             "TRUNCATE audit_log, audit_patients"}) {
    try {
      db.execute(change);
      ADD_FAILURE() << change << " was allowed";
    } catch (const StoreError& error) {
      EXPECT_THAT(error.what(), HasSubstr("audit records are append-only")) << change;
    }
  }
  EXPECT_EQ(count(db, "SELECT count(*) FROM audit_log WHERE outcome = 'ok'"), 1);
}

// As SQLite's Migrations.TheAuditTrailNamesPatientsByKeyAndFindsEveryEntryAsBefore.
TEST_F(PgMigrations, TheAuditTrailNamesPatientsByKeyAndFindsEveryEntryAsBefore) {
  Connection db{url()};
  const auto migrations = postgresql_migrations();
  apply_migrations(db, migrations.first(8));
  db.execute(R"sql(
    INSERT INTO staff (username, role, password_hash, created_at) VALUES ('n', 'nurse', 'x', 1);
    INSERT INTO patients (id, mrn, current_version, created_at, created_by)
      SELECT p, 'MRN-' || p, 1, 10, (SELECT max(id) FROM staff) FROM (VALUES ('p1'), ('p2')) v(p);
    INSERT INTO audit_log (at, username, role, action, outcome, patient_id, request_id,
      client_address, detail) VALUES
      (40, 'n', 'nurse', 'patient.read', 'success', 'p1', 'r1', 'local', ''),
      (41, 'n', 'nurse', 'patient.read', 'success', 'p2', 'r2', 'local', ''),
      (42, 'n', 'nurse', 'patient.read', 'failure', 'nobody', 'r3', 'local', 'not found'),
      (43, 'n', 'nurse', 'patient.search', 'success', NULL, 'r4', 'local', '');
    INSERT INTO audit_patients (patient_id, audit_id) SELECT 'p1', max(id) FROM audit_log;
  )sql");
  apply_migrations(db, migrations);
  const auto audit_of = [&](const std::string& patient_id) {
    AuditQuery query;
    query.patient_id = patient_id;
    std::vector<std::pair<std::string, std::string>> found;
    for (const auto& e : statements::query_audit<Statement>(db, query)) {
      found.emplace_back(e.request_id, e.patient_id.value_or("-"));
    }
    return found;
  };
  using Found = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(audit_of("p1"), (Found{{"r4", "-"}, {"r1", "p1"}}));
  EXPECT_EQ(audit_of("p2"), (Found{{"r2", "p2"}}));
  EXPECT_EQ(audit_of("nobody"), (Found{{"r3", "nobody"}}));
  EXPECT_EQ(count(db, "SELECT count(*) FROM audit_log WHERE patient_id IS NOT NULL"), 1);
  EXPECT_EQ(count(db, "SELECT count(DISTINCT patient_key) FROM audit_log"), 2);
  // A new patient gets the next key, and its entries are stored by it.
  db.execute(
      "INSERT INTO patients (id, mrn, current_version, created_at, created_by) "
      "SELECT 'p3', 'MRN-p3', 1, 50, max(id) FROM staff");
  statements::insert_audit<Statement>(
      db, {0, UtcTime{50}, 1, "n", "nurse", "patient.create", "success", "p3", "r5", "local", ""});
  EXPECT_EQ(audit_of("p3"), (Found{{"r5", "p3"}}));
  EXPECT_EQ(count(db, "SELECT key FROM patients WHERE id = 'p3'"), 3);
  EXPECT_EQ(count(db, "SELECT count(*) FROM audit_log WHERE patient_id IS NOT NULL"), 1);
  try {
    db.execute("UPDATE audit_log SET patient_key = NULL");
    ADD_FAILURE() << "the trail was left unguarded";
  } catch (const StoreError& error) {
    EXPECT_THAT(error.what(), HasSubstr("audit records are append-only"));
  }
}

TEST(PgMigrationsCollation, ADatabaseOrderingTextByLanguageIsRefusedWithTheFix) {
  Connection admin{server_url("postgres")};
  admin.execute("DROP DATABASE IF EXISTS plasticity_test_icu WITH (FORCE)");
  admin.execute(
      "CREATE DATABASE plasticity_test_icu TEMPLATE template0 LOCALE_PROVIDER icu "
      "ICU_LOCALE 'en-US' LOCALE 'C'");
  {
    Connection db{server_url("plasticity_test_icu")};
    try {
      apply_migrations(db, postgresql_migrations());
      ADD_FAILURE() << "a database with a language collation was migrated";
    } catch (const StoreError& error) {
      EXPECT_THAT(error.what(), HasSubstr("LOCALE 'C'"));
    }
  }
  admin.execute("DROP DATABASE plasticity_test_icu WITH (FORCE)");
}

}  // namespace
}  // namespace plasticity::postgresql
