#include "storage/sqlite/migrations.h"

#include <gtest/gtest.h>

#include "storage/sqlite/sqlite_store.h"
#include "storage/sqlite/test_directory.h"

namespace plasticity {
namespace {

TEST(Migrations, AreNumberedFromOneWithoutGaps) {
  std::int64_t expected = 1;
  for (const auto& migration : sqlite::sqlite_migrations()) {
    EXPECT_EQ(migration.version, expected++) << migration.name;
  }
  EXPECT_GE(sqlite::sqlite_migrations().size(), 2u);
}

TEST(Migrations, NewDatabaseReachesTheLatestVersion) {
  testing::TestDirectory dir;
  auto store = SqliteStore::open(dir.path() / "p.db");
  EXPECT_EQ(store->schema_version(), sqlite::sqlite_migrations().back().version);
}

TEST(Migrations, OlderDatabaseUpgradesAndKeepsItsData) {
  testing::TestDirectory dir;
  const auto all = sqlite::sqlite_migrations();
  {
    auto old_store = SqliteStore::open(dir.path() / "p.db", all.first(1));
    EXPECT_EQ(old_store->schema_version(), 1);
    ASSERT_TRUE(
        old_store->create_staff({0, "early.nurse", Role::nurse, "$argon2id$x", UtcTime{5}}));
  }
  auto store = SqliteStore::open(dir.path() / "p.db");
  EXPECT_EQ(store->schema_version(), all.back().version);
  auto staff = store->find_staff_by_username("early.nurse");
  ASSERT_TRUE(staff.has_value());
  EXPECT_EQ(staff->role, Role::nurse);
}

TEST(Migrations, NewerDatabaseIsRefusedWithAClearMessage) {
  testing::TestDirectory dir;
  {
    sqlite::Connection db{dir.path() / "p.db"};
    sqlite::apply_migrations(db, sqlite::sqlite_migrations());
    db.execute("INSERT INTO schema_migrations VALUES (999, 'from the future', 0)");
  }
  try {
    SqliteStore::open(dir.path() / "p.db");
    FAIL() << "a database from a newer release was opened";
  } catch (const StoreError& error) {
    EXPECT_NE(std::string(error.what()).find("schema version 999, newer than this Plasticity"),
              std::string::npos)
        << error.what();
  }
}

TEST(Migrations, AFailedMigrationLeavesTheDatabaseAsItWas) {
  testing::TestDirectory dir;
  const auto all = sqlite::sqlite_migrations();
  const std::array broken{all[0],
                          sqlite::Migration{2, "broken", "CREATE TABLE x (a INT); NOT SQL"}};
  EXPECT_THROW(SqliteStore::open(dir.path() / "p.db", broken), StoreError);
  sqlite::Connection db{dir.path() / "p.db"};
  sqlite::Statement st{db, "SELECT count(*) FROM sqlite_master WHERE name = 'x'"};
  st.step();
  EXPECT_EQ(st.integer(0), 0);
  EXPECT_EQ(SqliteStore::open(dir.path() / "p.db")->schema_version(), all.back().version);
}

}  // namespace
}  // namespace plasticity
