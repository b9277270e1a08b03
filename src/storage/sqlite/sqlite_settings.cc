// The clinic's settings edited in the browser, in SQLite: one row per setting, written with its
// audit entry in one transaction.
#include "storage/sqlite/sqlite_store.h"

namespace plasticity {

using sqlite::Connection;
using sqlite::Statement;

std::map<std::string, std::string> SqliteStore::clinic_settings() {
  return read([&](Connection& db) {
    std::map<std::string, std::string> rows;
    Statement st{db, "SELECT name, value FROM clinic_settings"};
    while (st.step()) rows.emplace(st.text(0), st.text(1));
    return rows;
  });
}

void SqliteStore::save_clinic_settings(const std::map<std::string, std::string>& rows,
                                       const AuditEntry& audit) {
  write([&](Connection& db) {
    for (const auto& [name, value] : rows) {
      Statement st{db,
                   "INSERT INTO clinic_settings (name, value, changed_at, changed_by) "
                   "VALUES (?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value, "
                   "changed_at = excluded.changed_at, changed_by = excluded.changed_by"};
      st.bind(1, name).bind(2, value).bind(3, audit.at.epoch_ms).bind(4, audit.staff_id).run();
    }
    sqlite::insert_audit(db, audit);
  });
}

}  // namespace plasticity
