#include "storage/sqlite/sqlite_store.h"

#include <gtest/gtest.h>

#include <fstream>

#include "storage/areas/test_records.h"
#include "storage/sqlite/backup.h"
#include "storage/sqlite/test_directory.h"

namespace plasticity {
namespace {

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = SqliteStore::open(dir_.path() / "plasticity.db");
    staff_id_ = *store_->create_staff({0, "fd", Role::front_desk, "$argon2id$hash", UtcTime{1}});
  }

  static PatientRecord patient(const std::string& id, const std::string& mrn,
                               const std::string& given, const std::string& family) {
    return test_records::patient(id, mrn, given, family);
  }

  AuditEntry audit(const std::string& action, const std::string& patient_id) {
    return AuditEntry{0,          UtcTime{1000}, staff_id_,   "fd", "front_desk", action, "success",
                      patient_id, "req-1",       "127.0.0.1", ""};
  }

  testing::TestDirectory dir_;
  std::unique_ptr<SqliteStore> store_;
  std::int64_t staff_id_ = 0;
};

TEST_F(SqliteStoreTest, OnlineBackupIsACompleteOpenableCopy) {
  store_->create_patient(patient("p1", "MRN-1", "Ada", "Example"), staff_id_, audit("c", "p1"));
  const auto copy = dir_.path() / "backup.db";
  sqlite::backup_database(dir_.path() / "plasticity.db", copy);  // while the store is open
  EXPECT_THROW(sqlite::backup_database(dir_.path() / "plasticity.db", copy), StoreError);
  auto restored = SqliteStore::open(copy);
  ASSERT_TRUE(restored->find_patient("p1").has_value());
  EXPECT_EQ(restored->find_patient("p1")->demographics.mrn, "MRN-1");
  EXPECT_EQ(restored->query_audit({}).size(), 1u);
}

TEST_F(SqliteStoreTest, RestoreChecksTheBackupBeforeItReplacesTheDatabase) {
  const std::int64_t known = sqlite::sqlite_migrations().back().version;
  store_->create_patient(patient("p1", "MRN-1", "Ada", "Example"), staff_id_, audit("c", "p1"));
  const auto backup = dir_.path() / "backup.db";
  sqlite::backup_database(dir_.path() / "plasticity.db", backup);
  store_->create_patient(patient("p2", "MRN-2", "Bea", "Later"), staff_id_, audit("c", "p2"));
  EXPECT_EQ(sqlite::check_backup(backup, known), known);

  // Refused while the store (a server) has the database open: nothing changes.
  const auto target = dir_.path() / "plasticity.db";
  EXPECT_THROW(sqlite::restore_database(backup, target, known), StoreError);
  EXPECT_TRUE(store_->find_patient("p2").has_value());
  store_.reset();

  // A file that is not a database, a damaged one, and one from a newer release: refused by name.
  const auto junk = dir_.path() / "junk.db";
  std::ofstream{junk} << "not a database at all, but long enough to look like a header ....";
  EXPECT_THROW(sqlite::restore_database(junk, target, known), StoreError);
  const auto newer = dir_.path() / "newer.db";
  sqlite::backup_database(backup, newer);
  sqlite::Connection{newer}.execute("INSERT INTO schema_migrations VALUES (999, 'future', 0)");
  try {
    sqlite::restore_database(newer, target, known);
    FAIL() << "a backup from a newer release was restored";
  } catch (const StoreError& error) {
    EXPECT_NE(std::string(error.what()).find("schema version 999"), std::string::npos);
  }
  const auto damaged = dir_.path() / "damaged.db";
  sqlite::backup_database(backup, damaged);
  std::int64_t page = 0, page_size = 0;
  {
    sqlite::Connection db{damaged};
    sqlite::Statement root{db,
                           "SELECT rootpage, (SELECT page_size FROM pragma_page_size) FROM "
                           "sqlite_master WHERE name = 'patients'"};
    ASSERT_TRUE(root.step());
    page = root.integer(0);
    page_size = root.integer(1);
  }
  {
    // The patients table's first page says it is no kind of page at all.
    std::fstream bytes{damaged, std::ios::in | std::ios::out | std::ios::binary};
    bytes.seekp((page - 1) * page_size);
    bytes.put('\x00');
  }
  EXPECT_THROW(sqlite::check_backup(damaged, known), StoreError);
  EXPECT_TRUE(SqliteStore::open(target)->find_patient("p2").has_value());  // still the same

  const auto kept = sqlite::restore_database(backup, target, known);
  auto restored = SqliteStore::open(target);
  EXPECT_TRUE(restored->find_patient("p1").has_value());
  EXPECT_FALSE(restored->find_patient("p2").has_value());  // as the backup had it
  ASSERT_FALSE(kept.empty());
  EXPECT_TRUE(SqliteStore::open(kept)->find_patient("p2").has_value());  // the replaced one, kept
}

TEST_F(SqliteStoreTest, AuditRecordsCannotBeChangedOrDeletedEvenWithSql) {
  store_->append_audit(audit("patient.read", "p1"));
  sqlite::Connection raw{dir_.path() / "plasticity.db"};
  EXPECT_THROW(raw.execute("UPDATE audit_log SET username = 'someone else'"), StoreError);
  EXPECT_THROW(raw.execute("DELETE FROM audit_log"), StoreError);
  EXPECT_EQ(store_->query_audit({}).size(), 1u);
}

}  // namespace
}  // namespace plasticity
