// PostgresqlStore: the Store on a PostgreSQL database shared by any number of processes, built
// area by area (issue 20). Today it serves the audit trail; each area joins it with its
// statements moved to storage/statements/, shared with SqliteStore, and its contract tests run
// on both engines. Until it serves every area it cannot be chosen with --database.
//
// One connection, one request at a time (a pool comes with the areas that read under load); every
// write is one transaction, committed with synchronous_commit on before a method returns.
//
//   auto store = PostgresqlStore::open(*parse_database_url(text).url);  // migrates, or throws
#pragma once

#include <memory>
#include <mutex>

#include "storage/areas/audit_store.h"
#include "storage/postgresql/pg_connection.h"

namespace plasticity {

class PostgresqlStore final : public AuditStore {
 public:
  static std::unique_ptr<PostgresqlStore> open(const postgresql::DatabaseUrl& url);

  std::int64_t append_audit(const AuditEntry& entry) override;
  void append_audits(const std::vector<AuditEntry>& entries) override;
  std::vector<AuditEntry> query_audit(const AuditQuery& query) override;

 private:
  explicit PostgresqlStore(const postgresql::DatabaseUrl& url) : db_(url) {}

  std::mutex mutex_;
  postgresql::Connection db_;
};

}  // namespace plasticity
