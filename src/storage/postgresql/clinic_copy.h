// Moving a clinic from SQLite to PostgreSQL (`plasticity database copy`): every table, the whole
// audit trail included, into an empty PostgreSQL database at the same release's schema.
//
// All of it goes in one PostgreSQL transaction, so a copy that fails (or is killed) leaves the
// target empty and can simply be run again; it reads one snapshot of the SQLite file, so a server
// may keep running meanwhile (what it writes after the snapshot is not copied). Before committing,
// each table's rows are read back from PostgreSQL, counted and checksummed, and compared with what
// was read from SQLite. Nothing is converted: a value SQLite holds in another type than
// PostgreSQL's column keeps (the engines' schemas came apart) stops the copy, naming the row.
//
//   const auto copied = copy_clinic(data_dir / "plasticity.db", url, progress);
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "storage/areas/common.h"
#include "storage/postgresql/database_url.h"

namespace plasticity::postgresql {

struct TableCopy {
  std::string table;
  std::int64_t rows = 0;  // read from SQLite, and counted again in PostgreSQL
  std::string checksum;   // of the table's rows in any order, the same on both sides (hex)
};

// How far a table's copy is: `rows` of its `of`.
using CopyProgress =
    std::function<void(const std::string& table, std::int64_t rows, std::int64_t of)>;

// The copy was refused or failed its check; nothing was committed.
class CopyRefused : public StoreError {
 public:
  using StoreError::StoreError;
};

// Both databases must be at this release's schema (the command migrates them first). Throws
// CopyRefused (a target that is not empty, schemas that differ, a value of another type, a
// failed check) or StoreError (a database that cannot be read or written).
std::vector<TableCopy> copy_clinic(const std::filesystem::path& sqlite_file,
                                   const DatabaseUrl& target, const CopyProgress& progress);

}  // namespace plasticity::postgresql
