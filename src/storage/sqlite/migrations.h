// The SQLite schema as numbered, forward-only migrations. Each applies in its own transaction and
// is recorded in schema_migrations; a database that records a version this build does not know
// was written by a newer Plasticity and is refused, never guessed at.
//
//   std::int64_t version = apply_migrations(db, sqlite_migrations());
#pragma once

#include <cstdint>
#include <span>

#include "storage/migration.h"
#include "storage/sqlite/sqlite_connection.h"

namespace plasticity::sqlite {

// All migrations, in order, numbered 1, 2, 3, ...
std::span<const Migration> sqlite_migrations();

// Applies the pending ones of `migrations` and returns the schema version reached, telling
// `report` (when given, and the database is not new) as each starts, every ten seconds or so
// while it runs, and when it is applied. A migration interrupted (killed, power lost) is rolled
// back whole by SQLite's journal: the next start applies it again from the beginning, so a clinic
// is never left half-moved. The readings migration 14 sets aside then move to the new layout
// `readings_per_transaction` at a time, each batch told as it commits: interrupted, the next
// start goes on where it stopped (sqlite/reading_move.h). Throws StoreError when the database is
// newer than the last of `migrations`.
std::int64_t apply_migrations(Connection& db, std::span<const Migration> migrations,
                              const MigrationReport& report = {},
                              std::int64_t readings_per_transaction = 1'000'000);

}  // namespace plasticity::sqlite
