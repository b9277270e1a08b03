#include "storage/postgresql/postgresql_store.h"

#include "storage/postgresql/pg_migrations.h"
#include "storage/statements/audit_statements.h"

namespace plasticity {

using postgresql::Statement;
using postgresql::Transaction;

std::unique_ptr<PostgresqlStore> PostgresqlStore::open(const postgresql::DatabaseUrl& url) {
  std::unique_ptr<PostgresqlStore> store{new PostgresqlStore(url)};
  postgresql::apply_migrations(store->db_, postgresql::postgresql_migrations());
  return store;
}

std::int64_t PostgresqlStore::append_audit(const AuditEntry& entry) {
  std::lock_guard lock{mutex_};
  Transaction transaction{db_};
  const std::int64_t id = statements::insert_audit<Statement>(db_, entry);
  transaction.commit();
  return id;
}

void PostgresqlStore::append_audits(const std::vector<AuditEntry>& entries) {
  if (entries.empty()) return;
  std::lock_guard lock{mutex_};
  Transaction transaction{db_};
  for (const auto& entry : entries) statements::insert_audit<Statement>(db_, entry);
  transaction.commit();
}

std::vector<AuditEntry> PostgresqlStore::query_audit(const AuditQuery& query) {
  std::lock_guard lock{mutex_};
  // One snapshot for the entries and the patients each showed.
  Transaction transaction{db_, postgresql::Isolation::repeatable_read};
  auto entries = statements::query_audit<Statement>(db_, query);
  transaction.commit();
  return entries;
}

}  // namespace plasticity
