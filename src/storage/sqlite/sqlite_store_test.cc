#include "storage/sqlite/sqlite_store.h"

#include <gtest/gtest.h>

#include <fstream>

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

  PatientRecord patient(const std::string& id, const std::string& mrn, const std::string& given,
                        const std::string& family) {
    PatientRecord record;
    record.id = id;
    record.demographics.mrn = mrn;
    record.demographics.given_name = given;
    record.demographics.family_name = family;
    record.demographics.birth_date = {1980, 1, 2};
    record.demographics.sex_at_birth = SexAtBirth::female;
    record.demographics.weight_kg = 70.25;
    record.demographics.emergency_contact = EmergencyContact{"Kin", "", "555 0100"};
    record.demographics.diagnoses = {{"F33.2", "MDD"}, {"F43.10", "PTSD"}};
    record.created_at = record.updated_at = UtcTime{1000};
    return record;
  }

  AuditEntry audit(const std::string& action, const std::string& patient_id) {
    return AuditEntry{0,          UtcTime{1000}, staff_id_,   "fd", "front_desk", action, "success",
                      patient_id, "req-1",       "127.0.0.1", ""};
  }

  std::vector<std::string> ids_of(const PatientPage& page) {
    std::vector<std::string> ids;
    for (const auto& p : page.patients) ids.push_back(p.id);
    return ids;
  }

  testing::TestDirectory dir_;
  std::unique_ptr<SqliteStore> store_;
  std::int64_t staff_id_ = 0;
};

TEST_F(SqliteStoreTest, CreatedPatientReadsBackWhole) {
  const PatientRecord record = patient("p1", "MRN-1", "Ada", "Example");
  ASSERT_EQ(store_->create_patient(record, staff_id_, audit("patient.create", "p1")).status,
            PatientWriteStatus::ok);
  auto found = store_->find_patient("p1");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->demographics, record.demographics);
  EXPECT_EQ(found->version, 1);
  EXPECT_EQ(found->created_at, UtcTime{1000});
  EXPECT_FALSE(store_->find_patient("p2"));
}

TEST_F(SqliteStoreTest, DuplicateMrnChangesNothingNotEvenTheAuditTrail) {
  store_->create_patient(patient("p1", "MRN-1", "Ada", "Example"), staff_id_,
                         audit("patient.create", "p1"));
  auto result = store_->create_patient(patient("p2", "MRN-1", "Bo", "Other"), staff_id_,
                                       audit("patient.create", "p2"));
  EXPECT_EQ(result.status, PatientWriteStatus::duplicate_mrn);
  EXPECT_FALSE(store_->find_patient("p2"));
  AuditQuery query;
  query.patient_id = "p2";
  EXPECT_TRUE(store_->query_audit(query).empty());
}

TEST_F(SqliteStoreTest, UpdateChecksTheVersionAndKeepsHistory) {
  store_->create_patient(patient("p1", "MRN-1", "Ada", "Example"), staff_id_,
                         audit("patient.create", "p1"));
  PatientUpdate update{
      "p1",          1,         patient("p1", "MRN-1", "Ada", "Example").demographics,
      UtcTime{2000}, staff_id_, "weighed before session"};
  update.demographics.weight_kg = 71.0;
  update.demographics.diagnoses.pop_back();
  auto result = store_->update_patient(update, audit("patient.update", "p1"));
  ASSERT_EQ(result.status, PatientWriteStatus::ok);
  EXPECT_EQ(result.record->version, 2);

  update.demographics.weight_kg = 99.0;  // still claims version 1: stale
  auto stale = store_->update_patient(update, audit("patient.update", "p1"));
  EXPECT_EQ(stale.status, PatientWriteStatus::version_conflict);
  EXPECT_EQ(stale.current_version, 2);
  EXPECT_EQ(store_->find_patient("p1")->demographics.weight_kg, 71.0);

  auto history = store_->patient_history("p1");
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].record.demographics.weight_kg, 70.25);
  EXPECT_EQ(history[0].record.demographics.diagnoses.size(), 2u);
  EXPECT_EQ(history[0].reason, "registered");
  EXPECT_EQ(history[1].record.demographics.weight_kg, 71.0);
  EXPECT_EQ(history[1].record.demographics.diagnoses.size(), 1u);
  EXPECT_EQ(history[1].reason, "weighed before session");
  EXPECT_EQ(history[1].changed_by_username, "fd");
  EXPECT_EQ(history[1].record.updated_at, UtcTime{2000});

  update.expected_version = 2;
  update.patient_id = "missing";
  EXPECT_EQ(store_->update_patient(update, audit("patient.update", "missing")).status,
            PatientWriteStatus::not_found);
}

TEST_F(SqliteStoreTest, UpdateToATakenMrnIsRefused) {
  store_->create_patient(patient("p1", "MRN-1", "Ada", "Example"), staff_id_, audit("c", "p1"));
  store_->create_patient(patient("p2", "MRN-2", "Bo", "Other"), staff_id_, audit("c", "p2"));
  PatientUpdate update{"p2",       1,         patient("p2", "MRN-1", "Bo", "Other").demographics,
                       UtcTime{2}, staff_id_, ""};
  EXPECT_EQ(store_->update_patient(update, audit("u", "p2")).status,
            PatientWriteStatus::duplicate_mrn);
  EXPECT_EQ(store_->find_patient("p2")->demographics.mrn, "MRN-2");
}

TEST_F(SqliteStoreTest, SearchMatchesNamesAndMrnAndPages) {
  store_->create_patient(patient("p1", "MRN-100", "Ada", "Lovelace"), staff_id_, audit("c", "p1"));
  store_->create_patient(patient("p2", "MRN-200", "Grace", "hopper"), staff_id_, audit("c", "p2"));
  store_->create_patient(patient("p3", "X_1", "Alan", "Turing"), staff_id_, audit("c", "p3"));
  store_->create_patient(patient("p4", "MRN-300", "Ada", "Turing"), staff_id_, audit("c", "p4"));

  EXPECT_EQ(ids_of(store_->search_patients({"", std::nullopt, 50})),
            (std::vector<std::string>{"p2", "p1", "p4", "p3"}));  // hopper, Lovelace, Turing A, A
  EXPECT_EQ(ids_of(store_->search_patients({"ada", std::nullopt, 50})),
            (std::vector<std::string>{"p1", "p4"}));
  EXPECT_EQ(ids_of(store_->search_patients({"Ada Turing", std::nullopt, 50})),
            std::vector<std::string>{"p4"});
  EXPECT_EQ(ids_of(store_->search_patients({"MRN-2", std::nullopt, 50})),
            std::vector<std::string>{"p2"});
  // A whole MRN: that patient, and any whose MRN begins with it; a part of one, by any part.
  EXPECT_EQ(ids_of(store_->search_patients({"MRN-100", std::nullopt, 50})),
            std::vector<std::string>{"p1"});
  EXPECT_EQ(ids_of(store_->search_patients({"RN-10", std::nullopt, 50})),
            std::vector<std::string>{"p1"});
  EXPECT_EQ(ids_of(store_->search_patients({"lace", std::nullopt, 50})),  // taken literally
            std::vector<std::string>{"p1"});
  EXPECT_EQ(ids_of(store_->search_patients({"X_1", std::nullopt, 50})),
            std::vector<std::string>{"p3"});
  EXPECT_TRUE(store_->search_patients({"A_a", std::nullopt, 50}).patients.empty());
  // One or two characters: the beginning of a name or of an MRN (the index needs three for
  // any part), with no wildcard either.
  EXPECT_EQ(ids_of(store_->search_patients({"tU", std::nullopt, 50})),
            (std::vector<std::string>{"p4", "p3"}));
  EXPECT_EQ(ids_of(store_->search_patients({"X_", std::nullopt, 50})),
            std::vector<std::string>{"p3"});
  EXPECT_TRUE(store_->search_patients({"A_", std::nullopt, 50}).patients.empty());

  auto first = store_->search_patients({"", std::nullopt, 3});
  EXPECT_TRUE(first.has_more);
  auto second = store_->search_patients({"", first.patients.back().id, 3});
  EXPECT_FALSE(second.has_more);
  EXPECT_EQ(ids_of(second), std::vector<std::string>{"p3"});
}

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
