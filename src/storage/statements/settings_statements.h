// The clinic's settings edited in the browser: the statements, written once for both engines
// (see audit_statements.h). One row per setting, replaced by name, written with its audit entry in
// the caller's transaction.
#pragma once

#include <map>
#include <string>

#include "storage/areas/settings_store.h"
#include "storage/statements/audit_statements.h"

namespace plasticity::statements {

template <class Statement, class Connection>
std::map<std::string, std::string> clinic_settings(Connection& db) {
  std::map<std::string, std::string> rows;
  Statement st{db, "SELECT name, value FROM clinic_settings"};
  while (st.step()) rows.emplace(st.text(0), st.text(1));
  return rows;
}

template <class Statement, class Connection>
void save_clinic_settings(Connection& db, const std::map<std::string, std::string>& rows,
                          const AuditEntry& audit) {
  for (const auto& [name, value] : rows) {
    Statement st{db,
                 "INSERT INTO clinic_settings (name, value, changed_at, changed_by) "
                 "VALUES (?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value, "
                 "changed_at = excluded.changed_at, changed_by = excluded.changed_by"};
    st.bind(1, name).bind(2, value).bind(3, audit.at.epoch_ms).bind(4, audit.staff_id).run();
  }
  insert_audit<Statement>(db, audit);
}

}  // namespace plasticity::statements
