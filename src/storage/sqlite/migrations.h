// The SQLite schema as numbered, forward-only migrations. Each applies in its own transaction and
// is recorded in schema_migrations; a database that records a version this build does not know
// was written by a newer Plasticity and is refused, never guessed at.
//
//   std::int64_t version = apply_migrations(db, sqlite_migrations());
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "storage/sqlite/sqlite_connection.h"

namespace plasticity::sqlite {

struct Migration {
  std::int64_t version;
  std::string_view name;
  std::string_view sql;
};

// All migrations, in order, numbered 1, 2, 3, ...
std::span<const Migration> sqlite_migrations();

// Applies the pending ones of `migrations` and returns the schema version reached.
// Throws StoreError when the database is newer than the last of `migrations`.
std::int64_t apply_migrations(Connection& db, std::span<const Migration> migrations);

}  // namespace plasticity::sqlite
