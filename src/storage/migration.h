// What both engines' schemas share: a numbered, forward-only migration, how one reports progress
// while it runs, and the refusal of a database written by a newer Plasticity. Each engine keeps
// its own list (sqlite/migrations.cc, postgresql/pg_migrations.cc): their DDL differs.
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
// a new layout can take minutes, and a silent start looks hung. `elapsed` since it started.
enum class MigrationStage { started, running, applied };
using MigrationReport =
    std::function<void(const Migration&, MigrationStage, std::chrono::milliseconds elapsed)>;

// Throws StoreError naming both versions when `version` (the database's) is newer than `known`
// (the last migration this build has): never guess at a schema this build does not know.
void refuse_newer_schema(std::int64_t version, std::int64_t known);

// Milliseconds since the epoch, for schema_migrations.applied_at.
std::int64_t migration_time_ms();

}  // namespace plasticity
