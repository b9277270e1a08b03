// SqliteStore: the embedded Store, one database file in the data directory.
//
// WAL journal, foreign keys on, synchronous=FULL: a commit is on disk before a method returns.
// Writes go through one writer connection (SQLite allows one writer at a time anyway); reads use
// a pool of reader connections, which WAL lets run beside the writer.
//
//   auto store = SqliteStore::open(data_dir / "plasticity.db");  // migrates, or throws
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "storage/commit_after.h"
#include "storage/process_schedule_lock.h"
#include "storage/sqlite/migrations.h"
#include "storage/sqlite/sqlite_connection.h"
#include "storage/sqlite/sqlite_patient_search.h"
#include "storage/statements/assessment_area.h"
#include "storage/statements/audit_area.h"
#include "storage/statements/export_area.h"
#include "storage/statements/outcome_area.h"
#include "storage/statements/patient_area.h"
#include "storage/statements/planning_area.h"
#include "storage/statements/schedule_area.h"
#include "storage/statements/session_area.h"
#include "storage/statements/settings_area.h"
#include "storage/statements/staff_area.h"
#include "storage/store.h"

namespace plasticity {

// Every area comes from the areas written once for both engines (statements/*_area.h); what is
// SQLite's own is the connections, the migrations, patient search's FTS5 index and backups.
class SqliteStore final : public Store,
                          public StaffArea<SqliteStore, sqlite::Statement>,
                          public AuditArea<SqliteStore, sqlite::Statement>,
                          public SettingsArea<SqliteStore, sqlite::Statement>,
                          public ExportArea<SqliteStore, sqlite::Statement>,
                          public PatientArea<SqliteStore, sqlite::Statement, sqlite::PatientSearch>,
                          public AssessmentArea<SqliteStore, sqlite::Statement>,
                          public PlanningArea<SqliteStore, sqlite::Statement>,
                          public TherapyNoteArea<SqliteStore, sqlite::Statement>,
                          public TreatmentSessionArea<SqliteStore, sqlite::Statement>,
                          public ScheduleArea<SqliteStore, sqlite::Statement>,
                          public OutcomeArea<SqliteStore, sqlite::Statement>,
                          public ImportArea<SqliteStore, sqlite::Statement, sqlite::PatientSearch> {
 public:
  // Opens (creating if needed) and migrates the database with `migrations` (all of them unless a
  // test asks for fewer), telling `report` how each pending one goes. Throws StoreError if it
  // cannot, e.g. when the schema is newer.
  static std::unique_ptr<SqliteStore> open(
      const std::filesystem::path& file,
      std::span<const Migration> migrations = sqlite::sqlite_migrations(),
      const MigrationReport& report = {});

  std::int64_t schema_version() override;
  // One server process owns a SQLite clinic's schedule, so the process's lock is enough.
  std::unique_ptr<ScheduleLock> lock_schedule() override {
    return std::make_unique<ProcessScheduleLock>(schedule_mutex_);
  }
  // One server process on a SQLite clinic: nobody to tell, and every duty its own.
  bool shared() const override { return false; }
  void announce(const std::string& topic, const std::string& message) override {
    check_announcement({topic, message});
  }
  void listen(std::function<void(const Announcement&)>) override {}
  bool claim(Duty, const std::string&) override { return true; }
  void release_all_but(Duty, const std::set<std::string>&) override {}
  // Every statement run from now on, on every connection, to `observer`: the query-plan test
  // (query_plans_test.cc) reads what each screen runs. Set it before requests start.
  void observe_statements(sqlite::StatementObserver observer);

 private:
  friend class StaffArea<SqliteStore, sqlite::Statement>;
  friend class AuditArea<SqliteStore, sqlite::Statement>;
  friend class SettingsArea<SqliteStore, sqlite::Statement>;
  friend class ExportArea<SqliteStore, sqlite::Statement>;
  friend class PatientArea<SqliteStore, sqlite::Statement, sqlite::PatientSearch>;
  friend class AssessmentArea<SqliteStore, sqlite::Statement>;
  friend class PlanningArea<SqliteStore, sqlite::Statement>;
  friend class TherapyNoteArea<SqliteStore, sqlite::Statement>;
  friend class TreatmentSessionArea<SqliteStore, sqlite::Statement>;
  friend class ScheduleArea<SqliteStore, sqlite::Statement>;
  friend class OutcomeArea<SqliteStore, sqlite::Statement>;
  friend class ImportArea<SqliteStore, sqlite::Statement, sqlite::PatientSearch>;

  explicit SqliteStore(std::filesystem::path file);

  std::unique_ptr<sqlite::Connection> connect() const;

  // Runs `work` in one write transaction on the writer connection; commits when it returns.
  template <class Work>
  auto write(Work&& work) {
    std::lock_guard lock(writer_mutex_);
    sqlite::Transaction transaction{*writer_};
    return commit_after(transaction, *writer_, work);
  }

  // SQLite has one writer at a time, so every write transaction is already serializable.
  template <class Work>
  auto serializable(Work&& work) {
    return write(std::forward<Work>(work));
  }

  // Runs `work` on a reader connection in one read transaction, so that its statements see one
  // state of the database (a reader otherwise sees each statement's own).
  template <class Work>
  auto snapshot(Work&& work) {
    return read([&](sqlite::Connection& db) {
      sqlite::ReadSnapshot snapshot{db};
      return work(db);
    });
  }

  // Runs `work` on a reader connection from the pool.
  template <class Work>
  auto read(Work&& work) {
    std::unique_ptr<sqlite::Connection> connection = take_reader();
    struct GiveBack {
      SqliteStore* store;
      std::unique_ptr<sqlite::Connection>& connection;
      ~GiveBack() { store->return_reader(std::move(connection)); }
    } give_back{this, connection};
    return work(*connection);
  }

  std::unique_ptr<sqlite::Connection> take_reader();
  void return_reader(std::unique_ptr<sqlite::Connection> connection);

  std::filesystem::path file_;
  sqlite::StatementObserver observer_;
  std::mutex writer_mutex_;
  std::unique_ptr<sqlite::Connection> writer_;
  std::mutex readers_mutex_;
  std::vector<std::unique_ptr<sqlite::Connection>> idle_readers_;
  std::timed_mutex schedule_mutex_;
};

}  // namespace plasticity
