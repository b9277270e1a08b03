// The PostgreSQL schema as numbered, forward-only migrations, applied the way SQLite's are (one
// transaction each, recorded in schema_migrations, a newer database refused by name) and in
// addition under an advisory lock: several `plasticity serve` processes starting together on one
// database migrate it once, the others waiting and then finding it done.
//
// The list starts afresh rather than translating SQLite's fourteen: a PostgreSQL clinic is made by
// this release or later, so its first schema is today's layout, area by area as each is built.
//
//   std::int64_t version = apply_migrations(db, postgresql_migrations());
#pragma once

#include <cstdint>
#include <span>

#include "storage/migration.h"
#include "storage/postgresql/pg_connection.h"

namespace plasticity::postgresql {

std::span<const Migration> postgresql_migrations();

// Applies the pending ones of `migrations` and returns the schema version reached, telling
// `report` (when given, and the database is not new) as each starts and when it is applied.
// Throws StoreError when the database is newer than the last of `migrations`, or when it does not
// use UTF-8 and the C collation.
std::int64_t apply_migrations(Connection& db, std::span<const Migration> migrations,
                              const MigrationReport& report = {});

}  // namespace plasticity::postgresql
