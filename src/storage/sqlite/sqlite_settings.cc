// The clinic's settings edited in the browser, in SQLite: each method one transaction around the
// statements both engines share (statements/settings_statements.h).
#include "storage/sqlite/sqlite_store.h"
#include "storage/statements/settings_statements.h"

namespace plasticity {

using sqlite::Connection;
using sqlite::Statement;

std::map<std::string, std::string> SqliteStore::clinic_settings() {
  return read([&](Connection& db) { return statements::clinic_settings<Statement>(db); });
}

void SqliteStore::save_clinic_settings(const std::map<std::string, std::string>& rows,
                                       const AuditEntry& audit) {
  write([&](Connection& db) { statements::save_clinic_settings<Statement>(db, rows, audit); });
}

}  // namespace plasticity
