// PostgresqlStore: the Store on a PostgreSQL database shared by any number of processes, built
// area by area (issue 20). Today it serves staff (accounts, password links, sign-in failures,
// sessions), the audit trail, the clinic's settings, the patient registry, assessments (with
// self-report links and alerts), screenings and plans, therapy notes, treatment sessions with
// their vital signs and alarms, the schedule, the outcome report's reads and imports: the whole
// Store. Each area is written once for both engines (storage/statements/*_area.h) and held to one
// contract (areas/*_contract.h) on both.
//
// Any number of servers may share the database (pg_server_network.h tells them of each other's
// changes). Requests run side by side on a pool of connections (pg_pool.h); every method is one
// transaction, committed with synchronous_commit on before it returns.
//
//   auto store = PostgresqlStore::open(*parse_database_url(text).url);  // migrates, or throws
#pragma once

#include <memory>
#include <optional>

#include "storage/commit_after.h"
#include "storage/migration.h"
#include "storage/postgresql/pg_connection.h"
#include "storage/postgresql/pg_patient_search.h"
#include "storage/postgresql/pg_pool.h"
#include "storage/postgresql/pg_schedule_lock.h"
#include "storage/postgresql/pg_server_network.h"
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

class PostgresqlStore final
    : public Store,
      public StaffArea<PostgresqlStore, postgresql::Statement>,
      public AuditArea<PostgresqlStore, postgresql::Statement>,
      public SettingsArea<PostgresqlStore, postgresql::Statement>,
      public ExportArea<PostgresqlStore, postgresql::Statement>,
      public PatientArea<PostgresqlStore, postgresql::Statement, postgresql::PatientSearch>,
      public AssessmentArea<PostgresqlStore, postgresql::Statement>,
      public PlanningArea<PostgresqlStore, postgresql::Statement>,
      public TherapyNoteArea<PostgresqlStore, postgresql::Statement>,
      public TreatmentSessionArea<PostgresqlStore, postgresql::Statement>,
      public ScheduleArea<PostgresqlStore, postgresql::Statement>,
      public OutcomeArea<PostgresqlStore, postgresql::Statement>,
      public ImportArea<PostgresqlStore, postgresql::Statement, postgresql::PatientSearch> {
 public:
  // Connections opened at most at once by this process (each request holds one while it runs).
  static constexpr std::size_t kDefaultConnections = 8;

  // Connects and migrates, telling `report` how each pending migration goes; throws StoreError
  // if it cannot (no server, a database of the wrong collation, a newer schema).
  static std::unique_ptr<PostgresqlStore> open(const postgresql::DatabaseUrl& url,
                                               std::size_t connections = kDefaultConnections,
                                               const MigrationReport& report = {});

  std::int64_t schema_version() override;
  std::unique_ptr<ScheduleLock> lock_schedule() override { return schedule_locks_.take(); }
  bool shared() const override { return true; }
  void announce(const std::string& topic, const std::string& message) override {
    network_.announce(topic, message);
  }
  void listen(std::function<void(const Announcement&)> heard) override {
    network_.listen(std::move(heard));
  }
  bool claim(Duty duty, const std::string& id) override { return network_.claim(duty, id); }
  void release_all_but(Duty duty, const std::set<std::string>& kept) override {
    network_.release_all_but(duty, kept);
  }
  // Every statement run from now on, on every connection, to `observer`: the query-plan test
  // (areas/query_plans_contract.h) reads what each screen runs. Set it before requests start.
  void observe_statements(postgresql::StatementObserver observer) {
    observer_ = std::move(observer);
    pool_.observe(observer_ ? &observer_ : nullptr);
  }

 private:
  friend class StaffArea<PostgresqlStore, postgresql::Statement>;
  friend class AuditArea<PostgresqlStore, postgresql::Statement>;
  friend class SettingsArea<PostgresqlStore, postgresql::Statement>;
  friend class ExportArea<PostgresqlStore, postgresql::Statement>;
  friend class PatientArea<PostgresqlStore, postgresql::Statement, postgresql::PatientSearch>;
  friend class AssessmentArea<PostgresqlStore, postgresql::Statement>;
  friend class PlanningArea<PostgresqlStore, postgresql::Statement>;
  friend class TherapyNoteArea<PostgresqlStore, postgresql::Statement>;
  friend class TreatmentSessionArea<PostgresqlStore, postgresql::Statement>;
  friend class ScheduleArea<PostgresqlStore, postgresql::Statement>;
  friend class OutcomeArea<PostgresqlStore, postgresql::Statement>;
  friend class ImportArea<PostgresqlStore, postgresql::Statement, postgresql::PatientSearch>;

  PostgresqlStore(const postgresql::DatabaseUrl& url, std::size_t connections)
      : pool_(url, connections), schedule_locks_(url), network_(url) {}

  // Runs `work` in one transaction on a pooled connection and commits it. A read runs REPEATABLE
  // READ, so its several statements see one state of the database. A connection found lost at
  // BEGIN (the server restarted while it sat in the pool) is replaced and the transaction run
  // on a fresh one: nothing of it had reached the server.
  template <class Work>
  auto transaction(postgresql::Isolation isolation, Work work) {
    for (int attempt = 1;; ++attempt) {
      auto lease = pool_.take();
      std::optional<postgresql::Transaction> transaction;
      try {
        transaction.emplace(*lease, isolation);
      } catch (const postgresql::ConnectionLost&) {
        if (attempt == 2) throw;
        continue;
      }
      return commit_after(*transaction, *lease, work);
    }
  }
  template <class Work>
  auto write(Work work) {
    return transaction(postgresql::Isolation::read_committed, std::move(work));
  }
  template <class Work>
  auto read(Work work) {
    return transaction(postgresql::Isolation::repeatable_read, std::move(work));
  }
  // Every read already sees one state of the database.
  template <class Work>
  auto snapshot(Work work) {
    return read(std::move(work));
  }
  // SERIALIZABLE, run again (a few times) when PostgreSQL picks it to give way to another
  // transaction: for a check and a write that two processes must not both pass.
  template <class Work>
  auto serializable(Work work) {
    constexpr int kAttempts = 5;
    for (int attempt = 1;; ++attempt) {
      try {
        return transaction(postgresql::Isolation::serializable, work);
      } catch (const postgresql::TransactionConflict&) {
        if (attempt == kAttempts) throw;
      }
    }
  }

  postgresql::StatementObserver observer_;
  postgresql::ConnectionPool pool_;
  postgresql::ScheduleLocks schedule_locks_;
  postgresql::Network network_;
};

}  // namespace plasticity
