// `plasticity database copy` (clinic_copy.h): a SQLite clinic read back from PostgreSQL whole,
// identities numbered on after the copied rows, a target that is not empty refused, and schemas
// that differ stopping the copy with nothing committed.
#include "storage/postgresql/clinic_copy.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "storage/areas/test_records.h"
#include "storage/postgresql/postgresql_store.h"
#include "storage/postgresql/test_database.h"
#include "storage/sqlite/sqlite_store.h"
#include "storage/sqlite/test_directory.h"

namespace plasticity::postgresql {
namespace {

class ClinicCopy : public TestDatabase {
 protected:
  void SetUp() override {
    auto clinic = SqliteStore::open(file());
    nurse_ = *clinic->create_staff({0, "nurse", Role::nurse, "$argon2id$x", UtcTime{1}});
    clinic->create_patient(test_records::patient("p1", "M1", "Åsa", "Lindqvist"), nurse_, audit());
    clinic->create_treatment_session(test_records::booked_session("s1", "p1", 50, nurse_), audit());
    const std::vector<VitalReading> readings{
        {"mon-1", VitalKind::heart_rate, 71.5, UtcTime{100}, UtcTime{101}},
        {"mon-1", VitalKind::spo2, 97, UtcTime{100}, UtcTime{101}},
        {"mon-1", VitalKind::heart_rate, 0.1 + 0.2, UtcTime{200}, UtcTime{201}}};
    clinic->record_vitals({{"s1", readings, audit()}});
  }

  AuditEntry audit() const {
    return {0, UtcTime{1}, nurse_, "nurse", "nurse", "x", "success", "p1", "r", "l", ""};
  }
  std::filesystem::path file() const { return directory_.path() / "plasticity.db"; }
  // The target at this release's schema, as the command makes it first.
  void migrate_target() { PostgresqlStore::open(url()); }

  testing::TestDirectory directory_;
  std::int64_t nurse_ = 0;
};

TEST_F(ClinicCopy, EveryRecordReadsBackTheSameFromPostgresql) {
  migrate_target();
  std::vector<std::string> progress;
  const auto copied =
      copy_clinic(file(), url(), [&](const std::string& table, std::int64_t rows, std::int64_t of) {
        if (rows == of) progress.push_back(table);
      });

  std::map<std::string, std::int64_t> rows;
  for (const auto& table : copied) {
    rows[table.table] = table.rows;
    EXPECT_EQ(table.checksum.size(), 32u);
  }
  EXPECT_EQ(rows["staff"], 1);
  EXPECT_EQ(rows["patients"], 1);
  EXPECT_EQ(rows["vital_readings"], 3);
  EXPECT_EQ(rows["audit_log"], 3);                 // the patient, the session, the vitals
  EXPECT_EQ(rows.count("schema_migrations"), 0u);  // each engine numbers its own
  // Parents before the tables that refer to them.
  const auto at = [&](const std::string& table) {
    return std::find(progress.begin(), progress.end(), table) - progress.begin();
  };
  EXPECT_LT(at("staff"), at("patients"));
  EXPECT_LT(at("treatment_sessions"), at("vital_readings"));

  auto sqlite = SqliteStore::open(file());
  auto postgresql = PostgresqlStore::open(url());
  EXPECT_EQ(postgresql->find_patient("p1")->demographics.family_name, "Lindqvist");
  EXPECT_EQ(postgresql->find_patient("p1")->demographics.weight_kg, 70.25);
  const auto was = sqlite->session_vitals("s1", std::nullopt);
  const auto is = postgresql->session_vitals("s1", std::nullopt);
  ASSERT_EQ(is.size(), was.size());
  for (std::size_t i = 0; i < is.size(); ++i) {
    EXPECT_EQ(is[i].value, was[i].value);  // exactly: 0.1 + 0.2 too
    EXPECT_EQ(is[i].measured_at, was[i].measured_at);
  }
  AuditQuery of_p1;
  of_p1.patient_id = "p1";
  EXPECT_EQ(postgresql->query_audit(of_p1).size(), sqlite->query_audit(of_p1).size());
  // Identities go on after the copied rows.
  const auto next = postgresql->create_staff({0, "admin", Role::admin, "$argon2id$y", UtcTime{2}});
  EXPECT_EQ(*next, nurse_ + 1);
}

TEST_F(ClinicCopy, RefusesATargetThatIsNotEmpty) {
  migrate_target();
  copy_clinic(file(), url(), {});
  EXPECT_THAT([&] { copy_clinic(file(), url(), {}); },
              ::testing::ThrowsMessage<CopyRefused>(::testing::HasSubstr("not empty")));
}

TEST_F(ClinicCopy, AValueOfAnotherTypeStopsTheCopyWithNothingCommitted) {
  migrate_target();
  // Schemas that came apart: PostgreSQL keeps text where SQLite holds a number. The copy does not
  // turn one into the other.
  Connection{url()}.execute("ALTER TABLE staff ALTER COLUMN created_at TYPE text");
  EXPECT_THAT([&] { copy_clinic(file(), url(), {}); },
              ::testing::ThrowsMessage<CopyRefused>(::testing::HasSubstr("staff.created_at")));
  Connection target{url()};
  Statement staff{target, "SELECT count(*) FROM staff"};
  staff.step();
  EXPECT_EQ(staff.integer(0), 0);
}

TEST_F(ClinicCopy, RefusesAColumnOnlyOneEngineHas) {
  migrate_target();
  Connection{url()}.execute("ALTER TABLE staff ADD COLUMN nickname text");
  EXPECT_THAT([&] { copy_clinic(file(), url(), {}); },
              ::testing::ThrowsMessage<CopyRefused>(
                  ::testing::HasSubstr("staff.nickname is in PostgreSQL but not in SQLite")));
}

}  // namespace
}  // namespace plasticity::postgresql
