// PostgresqlStore: the Store on a PostgreSQL database shared by any number of processes, built
// area by area (issue 20). Today it serves staff (accounts, password links, sign-in failures,
// sessions), the audit trail, the clinic's settings, the patient registry, assessments (with
// self-report links and alerts), screenings and plans, and therapy notes. Each area is written
// once for both engines (storage/statements/*_area.h) and held to one contract
// (areas/*_contract.h) on both. Still to come: treatment sessions, the schedule, outcomes and
// imports; until then it cannot be chosen with --database.
//
// One connection, one request at a time (a pool comes with the areas read under load); every
// method is one transaction, committed with synchronous_commit on before it returns.
//
//   auto store = PostgresqlStore::open(*parse_database_url(text).url);  // migrates, or throws
#pragma once

#include <memory>
#include <mutex>

#include "storage/postgresql/pg_connection.h"
#include "storage/postgresql/pg_patient_search.h"
#include "storage/statements/assessment_area.h"
#include "storage/statements/audit_area.h"
#include "storage/statements/patient_area.h"
#include "storage/statements/planning_area.h"
#include "storage/statements/settings_area.h"
#include "storage/statements/staff_area.h"

namespace plasticity {

class PostgresqlStore final
    : public StaffArea<PostgresqlStore, postgresql::Statement>,
      public AuditArea<PostgresqlStore, postgresql::Statement>,
      public SettingsArea<PostgresqlStore, postgresql::Statement>,
      public PatientArea<PostgresqlStore, postgresql::Statement, postgresql::PatientSearch>,
      public AssessmentArea<PostgresqlStore, postgresql::Statement>,
      public PlanningArea<PostgresqlStore, postgresql::Statement>,
      public TherapyNoteArea<PostgresqlStore, postgresql::Statement> {
 public:
  static std::unique_ptr<PostgresqlStore> open(const postgresql::DatabaseUrl& url);

 private:
  friend class StaffArea<PostgresqlStore, postgresql::Statement>;
  friend class AuditArea<PostgresqlStore, postgresql::Statement>;
  friend class SettingsArea<PostgresqlStore, postgresql::Statement>;
  friend class PatientArea<PostgresqlStore, postgresql::Statement, postgresql::PatientSearch>;
  friend class AssessmentArea<PostgresqlStore, postgresql::Statement>;
  friend class PlanningArea<PostgresqlStore, postgresql::Statement>;
  friend class TherapyNoteArea<PostgresqlStore, postgresql::Statement>;

  explicit PostgresqlStore(const postgresql::DatabaseUrl& url) : db_(url) {}

  // Runs `work` in one transaction and commits it. A read runs REPEATABLE READ, so its several
  // statements see one state of the database.
  template <class Work>
  auto transaction(postgresql::Isolation isolation, Work work) {
    std::lock_guard lock{mutex_};
    postgresql::Transaction transaction{db_, isolation};
    if constexpr (std::is_void_v<decltype(work(db_))>) {
      work(db_);
      transaction.commit();
    } else {
      auto result = work(db_);
      transaction.commit();
      return result;
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

  std::mutex mutex_;
  postgresql::Connection db_;
};

}  // namespace plasticity
