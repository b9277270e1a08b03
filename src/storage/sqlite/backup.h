// Online backup of a SQLite database file while servers keep using it, and its restore.
//
//   backup_database(data_dir / "plasticity.db", "/backups/plasticity-2026-11-22.db", progress);
//   check_backup("/backups/plasticity-2026-11-22.db", known_version);   // throws when unusable
//   restore_database("/backups/plasticity-2026-11-22.db", data_dir / "plasticity.db", known);
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>

namespace plasticity::sqlite {

// Bytes written so far of about `total`, about once a second while a copy runs.
using CopyProgress = std::function<void(std::uintmax_t written, std::uintmax_t total)>;

// Copies `database` to the new file `target` as one consistent snapshot (SQLite's backup API),
// without migrating or otherwise changing the source: a backup taken before an upgrade is the
// database as the old release left it. Throws StoreError if `target` exists or the copy fails.
void backup_database(const std::filesystem::path& database, const std::filesystem::path& target,
                     const CopyProgress& progress = {});

// A backup's schema version once it is known sound: throws StoreError naming what is wrong when
// the file is missing, not a database, damaged (SQLite's integrity check, its first finding), not
// Plasticity's, or written by a release newer than `known_version`.
std::int64_t check_backup(const std::filesystem::path& file, std::int64_t known_version);

// Replaces `database` with a copy of `backup`, checked first (check_backup), and returns where
// the database it replaced is kept (`<database>.before-restore-<ms>`; empty when there was none).
// Refuses, changing nothing, while anything else has `database` open (a server: stop it first).
std::filesystem::path restore_database(const std::filesystem::path& backup,
                                       const std::filesystem::path& database,
                                       std::int64_t known_version,
                                       const CopyProgress& progress = {});

}  // namespace plasticity::sqlite
