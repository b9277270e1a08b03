#include "storage/sqlite/backup.h"

#include "storage/sqlite/sqlite_connection.h"

namespace plasticity::sqlite {

void backup_database(const std::filesystem::path& database, const std::filesystem::path& target) {
  if (!std::filesystem::exists(database)) {
    throw StoreError("no database at " + database.string());
  }
  if (std::filesystem::exists(target)) {
    throw StoreError("backup target " + target.string() + " already exists; choose a new file");
  }
  Connection source{database};
  Connection copy{target};
  sqlite3_backup* backup = sqlite3_backup_init(copy.handle(), "main", source.handle(), "main");
  if (!backup)
    throw StoreError("cannot start backup: " + std::string(sqlite3_errmsg(copy.handle())));
  const int rc = sqlite3_backup_step(backup, -1);  // all pages in one step: one snapshot
  sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) throw StoreError("backup failed: " + std::string(sqlite3_errstr(rc)));
}

}  // namespace plasticity::sqlite
