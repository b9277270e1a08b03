// Online backup of a SQLite database file, while servers keep using it.
//
//   backup_database(data_dir / "plasticity.db", "/backups/plasticity-2026-11-22.db");
#pragma once

#include <filesystem>

namespace plasticity::sqlite {

// Copies `database` to the new file `target` as one consistent snapshot (SQLite's backup API),
// without migrating or otherwise changing the source: a backup taken before an upgrade is the
// database as the old release left it. Throws StoreError if `target` exists or the copy fails.
void backup_database(const std::filesystem::path& database, const std::filesystem::path& target);

}  // namespace plasticity::sqlite
