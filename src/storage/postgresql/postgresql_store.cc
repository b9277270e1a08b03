#include "storage/postgresql/postgresql_store.h"

#include "storage/postgresql/pg_migrations.h"

namespace plasticity {

std::unique_ptr<PostgresqlStore> PostgresqlStore::open(const postgresql::DatabaseUrl& url) {
  std::unique_ptr<PostgresqlStore> store{new PostgresqlStore(url)};
  postgresql::apply_migrations(store->db_, postgresql::postgresql_migrations());
  return store;
}

}  // namespace plasticity
