#include "storage/sqlite/migrations.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <tuple>
#include <vector>

#include "storage/areas/test_records.h"
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

// A clinic as release 12 left it: a nurse, a patient (renamed once) and a finished session
// "s1", then the records `more` adds.
void clinic_of_release_12(const std::filesystem::path& file, std::string_view more) {
  SqliteStore::open(file, sqlite::sqlite_migrations().first(12))
      ->create_staff({0, "n", Role::nurse, "$argon2id$x", UtcTime{5}});
  sqlite::Connection db{file};
  db.execute(R"sql(
    INSERT INTO patients VALUES ('p1', 'MRN-77', 2, 10, 1);
    INSERT INTO patient_versions (patient_id, version, mrn, given_name, family_name, birth_date,
      sex_at_birth, changed_at, changed_by, reason) VALUES
      ('p1', 1, 'MRN-77', 'Ada', 'Oldname', '1980-01-02', 'female', 10, 1, 'registered'),
      ('p1', 2, 'MRN-77', 'Ada', 'Smithfield', '1980-01-02', 'female', 20, 1, 'married');
    INSERT INTO treatment_sessions (id, patient_id, protocol_id, chair, scheduled_at, phase,
      prescribed_mg, dose_mg, dose_notes, dose_reason, lot_number, created_by, created_at,
      version) VALUES ('s1', 'p1', 'iv_ketamine', 'Chair 1', 100, 'discharged', 40, 40, '', '',
      'L', 1, 100, 6);
  )sql");
  db.execute(more);
}

TEST(Migrations, AClinicOfAnOlderLayoutMovesToTheNewOneWithEveryRecord) {
  testing::TestDirectory dir;
  const auto all = sqlite::sqlite_migrations();
  {
    // With readings from two monitors, an assessment with two flags (kept in the order scored), a
    // checklist item confirmed then unconfirmed and two events of one moment (kept in the order
    // written).
    clinic_of_release_12(dir.path() / "p.db", R"sql(
      INSERT INTO vital_readings (device_id, kind, measured_at, session_id, value, received_at)
        VALUES ('m1', 'hr', 200, 's1', 71, 201), ('m1', 'hr', 300, 's1', 74, 301),
               ('m2', 'spo2', 300, 's1', 97.5, 302);
      INSERT INTO assessments (id, patient_id, instrument_id, instrument_version, administered_at,
        source, recorded_by, total, severity, complete, recorded_at) VALUES
        ('a1', 'p1', 'phq9', '1', 30, 'clinician', 1, 12, 'moderate', 1, 30);
      INSERT INTO assessment_flags (assessment_id, flag) VALUES ('a1', 'suicidal_ideation'),
        ('a1', 'incomplete');
      INSERT INTO session_checklist (session_id, list, item_id, confirmed, at, staff_id) VALUES
        ('s1', 'pre', 'fasted', 1, 150, 1), ('s1', 'pre', 'fasted', 0, 150, 1);
      INSERT INTO session_events (id, session_id, kind, at, staff_id, payload) VALUES
        ('e-z', 's1', 'sedation', 250, 1, '{}'), ('e-a', 's1', 'sedation', 250, 1, '{}');
    )sql");
  }
  auto store = SqliteStore::open(dir.path() / "p.db");
  EXPECT_EQ(store->schema_version(), all.back().version);
  // Found by today's name, not the old one.
  const auto found = store->search_patients({"smithf", {}, 10});
  ASSERT_EQ(found.patients.size(), 1u);
  EXPECT_EQ(found.patients[0].id, "p1");
  EXPECT_TRUE(store->search_patients({"oldname", {}, 10}).patients.empty());
  EXPECT_EQ(store->search_patients({"Sm", {}, 10}).patients.size(), 1u);
  // The latest reading of each kind, as the readings say.
  const auto latest = store->latest_session_vitals("s1");
  ASSERT_EQ(latest.size(), 2u);
  EXPECT_EQ(latest[0].value, 74);
  EXPECT_EQ(latest[1].value, 97.5);
  // Every reading, before and after sealing.
  EXPECT_EQ(store->session_vitals("s1", std::nullopt).size(), 3u);
  EXPECT_EQ(store->seal_finished_vitals(10, UtcTime{1000}).readings, 3u);
  const auto sealed = store->session_vitals("s1", std::nullopt);
  ASSERT_EQ(sealed.size(), 3u);
  EXPECT_EQ(sealed[2].device_id, "m2");
  EXPECT_EQ(sealed[2].received_at, UtcTime{302});
  EXPECT_EQ(store->find_assessment("a1")->score.flags,
            (std::vector<std::string>{"suicidal_ideation", "incomplete"}));
  const auto checklist = store->session_checklist("s1");
  ASSERT_EQ(checklist.size(), 2u);
  EXPECT_FALSE(checklist[1].confirmed);
  store->record_session_event(
      {"e-m", "s1", "sedation", UtcTime{250}, 1, "", "{}"},
      {0, UtcTime{260}, 1, "n", "nurse", "session.event", "success", "p1", "", "local", ""});
  std::vector<std::string> events;
  for (const auto& e : store->session_events("s1")) events.push_back(e.id);
  EXPECT_EQ(events, (std::vector<std::string>{"e-z", "e-a", "e-m"}));
}

std::int64_t rows(sqlite::Connection& db, const std::string& table) {
  sqlite::Statement count{db, "SELECT count(*) FROM " + table};
  count.step();
  return count.integer(0);
}

TEST(Migrations, ReadingsMoveToTheNewLayoutABatchATimeAndAStopMidwayGoesOnFromThere) {
  testing::TestDirectory dir;
  const auto all = sqlite::sqlite_migrations();
  {
    // With five readings of its session from two monitors.
    clinic_of_release_12(dir.path() / "p.db", R"sql(
      INSERT INTO vital_readings (device_id, kind, measured_at, session_id, value, received_at)
        VALUES ('m1', 'hr', 200, 's1', 71, 201), ('m1', 'hr', 300, 's1', 74, 301),
               ('m1', 'sbp', 200, 's1', 128, 201), ('m2', 'spo2', 300, 's1', 97.5, 302),
               ('m2', 'spo2', 400, 's1', 96, 402);
    )sql");
  }
  {
    // Stopped as a kill would stop it, once the first batch of two has committed.
    sqlite::Connection db{dir.path() / "p.db"};
    struct Stopped {};
    std::vector<std::pair<std::int64_t, std::int64_t>> told;
    const MigrationReport stop_after_one_batch =
        [&](const Migration& migration, MigrationStage stage, const MigrationProgress& progress) {
          if (stage != MigrationStage::moving) return;
          EXPECT_EQ(migration.version, 14);
          told.emplace_back(progress.moved, progress.to_move);
          throw Stopped{};
        };
    EXPECT_THROW(sqlite::apply_migrations(db, all.first(14), stop_after_one_batch, 2), Stopped);
    EXPECT_EQ(told, (std::vector<std::pair<std::int64_t, std::int64_t>>{{2, 5}}));
    EXPECT_EQ(rows(db, "vital_readings"), 2);
    EXPECT_EQ(rows(db, "vital_readings_to_move"), 5) << "set aside whole until all are across";
    // The old layout stays guarded while it waits.
    EXPECT_THROW(db.execute("DELETE FROM vital_readings_to_move"), StoreError);
    EXPECT_THROW(db.execute("UPDATE vital_readings_to_move SET value = 0"), StoreError);
  }
  std::vector<std::string> told;
  const MigrationReport report = [&](const Migration& migration, MigrationStage stage,
                                     const MigrationProgress& progress) {
    if (stage == MigrationStage::moving) {
      told.push_back("moved " + std::to_string(progress.moved) + " of " +
                     std::to_string(progress.to_move));
    } else if (stage != MigrationStage::running) {
      told.push_back(std::to_string(migration.version));
    }
  };
  auto store = SqliteStore::open(dir.path() / "p.db", all, report);
  EXPECT_EQ(store->schema_version(), all.back().version);
  ASSERT_FALSE(told.empty());
  EXPECT_EQ(told.front(), "moved 3 of 3") << "the rest moved before any later migration";
  const auto readings = store->session_vitals("s1", std::nullopt);
  std::vector<std::tuple<std::string, std::string, std::int64_t, double, std::int64_t>> kept;
  for (const auto& r : readings) {
    kept.emplace_back(r.device_id, std::string(to_string(r.kind)), r.measured_at.epoch_ms, r.value,
                      r.received_at.epoch_ms);
  }
  std::sort(kept.begin(), kept.end());
  EXPECT_EQ(kept, (decltype(kept){{"m1", "hr", 200, 71, 201},
                                  {"m1", "hr", 300, 74, 301},
                                  {"m1", "sbp", 200, 128, 201},
                                  {"m2", "spo2", 300, 97.5, 302},
                                  {"m2", "spo2", 400, 96, 402}}));
  sqlite::Connection db{dir.path() / "p.db"};
  sqlite::Statement set_aside{db,
                              "SELECT 1 FROM sqlite_master WHERE name = 'vital_readings_to_move'"};
  EXPECT_FALSE(set_aside.step()) << "the emptied old table is dropped";
}

// The request ids of the audit entries a query for `patient_id` finds, newest first.
std::vector<std::string> audit_of(Store& store, const std::string& patient_id) {
  std::vector<std::string> found;
  AuditQuery query;
  query.patient_id = patient_id;
  for (const auto& entry : store.query_audit(query)) {
    found.push_back(entry.request_id);
  }
  return found;
}

TEST(Migrations, TheAuditTrailNamesPatientsByKeyAndFindsEveryEntryAsBefore) {
  testing::TestDirectory dir;
  const auto all = sqlite::sqlite_migrations();
  // A second patient, and entries about each, about an id that names no patient, and a list
  // view that showed both.
  clinic_of_release_12(dir.path() / "p.db", R"sql(
    INSERT INTO patients VALUES ('p2', 'MRN-78', 1, 11, 1);
    INSERT INTO patient_versions (patient_id, version, mrn, given_name, family_name, birth_date,
      sex_at_birth, changed_at, changed_by, reason) VALUES
      ('p2', 1, 'MRN-78', 'Bo', 'Brightwater', '1970-03-04', 'male', 11, 1, 'registered');
    INSERT INTO audit_log (at, staff_id, username, role, action, outcome, patient_id, request_id,
      client_address, detail) VALUES
      (40, 1, 'n', 'nurse', 'patient.read', 'success', 'p1', 'r1', 'local', ''),
      (41, 1, 'n', 'nurse', 'patient.read', 'success', 'p2', 'r2', 'local', ''),
      (42, 1, 'n', 'nurse', 'patient.read', 'failure', 'nobody', 'r3', 'local', 'not found'),
      (43, 1, 'n', 'nurse', 'patient.search', 'success', NULL, 'r4', 'local', '');
    INSERT INTO audit_patients (patient_id, audit_id)
      SELECT 'p1', max(id) FROM audit_log UNION ALL SELECT 'p2', max(id) FROM audit_log;
  )sql");
  auto store = SqliteStore::open(dir.path() / "p.db");
  EXPECT_EQ(store->schema_version(), all.back().version);
  EXPECT_EQ(audit_of(*store, "p1"), (std::vector<std::string>{"r4", "r1"}));
  EXPECT_EQ(audit_of(*store, "p2"), (std::vector<std::string>{"r4", "r2"}));
  EXPECT_EQ(audit_of(*store, "nobody"), (std::vector<std::string>{"r3"}));
  // Each entry reads back naming what it named.
  std::map<std::string, std::optional<std::string>> named;
  for (const auto& entry : store->query_audit({})) named[entry.request_id] = entry.patient_id;
  EXPECT_EQ(named["r1"], "p1");
  EXPECT_EQ(named["r2"], "p2");
  EXPECT_EQ(named["r3"], "nobody");
  EXPECT_EQ(named["r4"], std::nullopt);
  // Stored by key: only the id that names no patient is kept as text.
  sqlite::Connection db{dir.path() / "p.db"};
  EXPECT_EQ(rows(db, "audit_log WHERE patient_id IS NOT NULL"), 1);
  EXPECT_EQ(rows(db, "audit_log WHERE patient_key IS NOT NULL"), 2);

  // A new patient takes the next key: found by search (keyed by it), and its audit by it.
  store->create_patient(
      test_records::patient("p3", "MRN-79", "Cy", "Brightwood"), 1,
      {0, UtcTime{50}, 1, "n", "nurse", "patient.create", "success", "p3", "r5", "local", ""});
  std::vector<std::string> bright;
  for (const auto& p : store->search_patients({"bright", {}, 10}).patients) bright.push_back(p.id);
  EXPECT_EQ(bright, (std::vector<std::string>{"p2", "p3"}));
  const auto brightwood = store->search_patients({"brightwo", {}, 10}).patients;
  ASSERT_EQ(brightwood.size(), 1u);
  EXPECT_EQ(brightwood[0].id, "p3");
  EXPECT_EQ(audit_of(*store, "p3"), (std::vector<std::string>{"r5"}));
  EXPECT_EQ(rows(db, "audit_log WHERE patient_id IS NOT NULL"), 1);
  EXPECT_EQ(rows(db, "patients WHERE key = 3 AND id = 'p3'"), 1);
  // The trail is guarded again once the rows are moved.
  EXPECT_THROW(db.execute("UPDATE audit_log SET patient_key = NULL"), StoreError);
}

TEST(Migrations, AnExistingClinicIsToldOfEachPendingMigrationAsItGoes) {
  testing::TestDirectory dir;
  const auto all = sqlite::sqlite_migrations();
  std::vector<std::string> told;
  const MigrationReport report = [&](const Migration& migration, MigrationStage stage,
                                     const MigrationProgress& progress) {
    EXPECT_GE(progress.elapsed.count(), 0);
    if (stage == MigrationStage::running) return;  // only a long one says it still runs
    told.push_back((stage == MigrationStage::started ? "started " : "applied ") +
                   std::to_string(migration.version));
  };
  SqliteStore::open(dir.path() / "p.db", all.first(all.size() - 2), report);
  EXPECT_TRUE(told.empty()) << "a new database's schema is not reported";
  SqliteStore::open(dir.path() / "p.db", all, report);
  const auto last = std::to_string(all.back().version);
  const auto before = std::to_string(all.back().version - 1);
  EXPECT_EQ(told, (std::vector<std::string>{"started " + before, "applied " + before,
                                            "started " + last, "applied " + last}));
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
  const std::array broken{all[0], Migration{2, "broken", "CREATE TABLE x (a INT); NOT SQL"}};
  EXPECT_THROW(SqliteStore::open(dir.path() / "p.db", broken), StoreError);
  sqlite::Connection db{dir.path() / "p.db"};
  sqlite::Statement st{db, "SELECT count(*) FROM sqlite_master WHERE name = 'x'"};
  st.step();
  EXPECT_EQ(st.integer(0), 0);
  EXPECT_EQ(SqliteStore::open(dir.path() / "p.db")->schema_version(), all.back().version);
}

}  // namespace
}  // namespace plasticity
