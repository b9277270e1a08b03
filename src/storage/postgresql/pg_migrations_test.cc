#include "storage/postgresql/pg_migrations.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "storage/postgresql/test_database.h"

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
