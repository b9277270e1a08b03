// What both engines' schemas share: a numbered, forward-only migration, how one reports progress
// while it runs, and the refusal of a database written by a newer Plasticity. Each engine keeps
// its own list (sqlite/migrations.cc, postgresql/pg_migrations.cc), one file a migration in its
// schema/ folder: their older DDL differs; a new migration can share one string (as 17/8 do).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string_view>

namespace plasticity {

struct Migration {
  std::int64_t version;
  std::string_view name;
  std::string_view sql;
};

// What a pending migration is doing, for whoever waits on it: moving a large clinic's history to
// a new layout can take minutes, and a silent start looks hung. `running`: its transaction still
// runs (interrupted, it is rolled back whole and applied again). `moving`: after it is applied,
// its records move to the new layout a transaction at a time (interrupted, the next start goes
// on where it stopped); `moved` of `to_move` are across.
enum class MigrationStage { started, running, applied, moving };
struct MigrationProgress {
  std::chrono::milliseconds elapsed{0};  // since the stage's work began
  std::int64_t moved = 0;
  std::int64_t to_move = 0;
};
using MigrationReport =
    std::function<void(const Migration&, MigrationStage, const MigrationProgress&)>;

// Throws StoreError naming both versions when `version` (the database's) is newer than `known`
// (the last migration this build has): never guess at a schema this build does not know.
void refuse_newer_schema(std::int64_t version, std::int64_t known);

// Milliseconds since the epoch, for schema_migrations.applied_at.
std::int64_t migration_time_ms();

}  // namespace plasticity
