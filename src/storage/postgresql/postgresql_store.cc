#include "storage/postgresql/postgresql_store.h"

#include "storage/postgresql/pg_migrations.h"

namespace plasticity {

std::unique_ptr<PostgresqlStore> PostgresqlStore::open(const postgresql::DatabaseUrl& url,
                                                       std::size_t connections) {
  std::unique_ptr<PostgresqlStore> store{new PostgresqlStore(url, connections)};
  auto lease = store->pool_.take();
  postgresql::apply_migrations(*lease, postgresql::postgresql_migrations());
  return store;
}

}  // namespace plasticity
