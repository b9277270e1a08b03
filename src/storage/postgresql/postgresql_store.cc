#include "storage/postgresql/postgresql_store.h"

#include "storage/postgresql/pg_migrations.h"

namespace plasticity {

std::unique_ptr<PostgresqlStore> PostgresqlStore::open(const postgresql::DatabaseUrl& url,
                                                       std::size_t connections,
                                                       const MigrationReport& report) {
  std::unique_ptr<PostgresqlStore> store{new PostgresqlStore(url, connections)};
  auto lease = store->pool_.take();
  postgresql::apply_migrations(*lease, postgresql::postgresql_migrations(), report);
  return store;
}

std::int64_t PostgresqlStore::schema_version() {
  return read([](postgresql::Connection& db) {
    postgresql::Statement st{db, "SELECT coalesce(max(version), 0) FROM schema_migrations"};
    st.step();
    return st.integer(0);
  });
}

}  // namespace plasticity
