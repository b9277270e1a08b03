// The audit trail's statements, written once for both engines (SQLite, PostgreSQL): each engine's
// Statement class has the same binds and columns, so these templates take either. Engine-neutral
// SQL: SQLite's `?N` markers (postgresql/dialect.h numbers them for PostgreSQL), TRUE rather than
// 1, RETURNING rather than last_insert_rowid(), ON CONFLICT DO NOTHING rather than INSERT OR
// IGNORE. Both engines compare text byte by byte (PostgreSQL databases are made with the C
// collation, which the PostgreSQL migrations check), so a range over the action index means the
// same on both.
//
//   std::int64_t id = statements::insert_audit<sqlite::Statement>(db, entry);
#pragma once

#include <string>
#include <vector>

#include "storage/areas/audit_store.h"

namespace plasticity::statements {

// The WHERE clause for the filters a query gives, and only those, so each combination is planned
// on its own index; parameters ?1..?5 and ?7 as bound by query_audit, ?6 the limit.
std::string audit_conditions(const AuditQuery& q);

template <class Statement, class Connection>
std::int64_t insert_audit(Connection& db, const AuditEntry& e) {
  // A known patient by key; an id that names none kept as it came (see the patient-keys migration).
  Statement st{db,
               "INSERT INTO audit_log (at, staff_id, username, role, action, outcome, patient_key, "
               "patient_id, request_id, client_address, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
               "(SELECT key FROM patients WHERE id = ?7), "
               "nullif(?7, (SELECT id FROM patients WHERE id = ?7)), ?8, ?9, ?10) RETURNING id"};
  st.bind(1, e.at.epoch_ms).bind(2, e.staff_id).bind(3, e.username).bind(4, e.role);
  st.bind(5, e.action).bind(6, e.outcome).bind(7, e.patient_id).bind(8, e.request_id);
  st.bind(9, e.client_address).bind(10, e.detail);
  st.step();
  const std::int64_t audit_id = st.integer(0);
  st.reset();  // a RETURNING statement is finished before the next one runs on SQLite
  if (e.shown_patient_ids.empty()) return audit_id;
  Statement shown{db,
                  "INSERT INTO audit_patients (patient_id, audit_id) VALUES (?, ?) "
                  "ON CONFLICT DO NOTHING"};
  for (const auto& patient_id : e.shown_patient_ids) {
    shown.bind(1, patient_id).bind(2, audit_id).run();
    shown.reset();
  }
  return audit_id;
}

template <class Statement, class Connection>
std::vector<AuditEntry> query_audit(Connection& db, const AuditQuery& q) {
  Statement st{db,
               "SELECT id, at, staff_id, username, role, action, outcome, coalesce(patient_id, "
               "(SELECT p.id FROM patients p WHERE p.key = audit_log.patient_key)), "
               "request_id, client_address, detail FROM audit_log WHERE " +
                   audit_conditions(q) + " ORDER BY id DESC LIMIT ?6"};
  if (q.patient_id) st.bind(1, *q.patient_id);
  if (q.username) st.bind(2, *q.username);
  if (q.from) st.bind(3, q.from->epoch_ms);
  if (q.to) st.bind(4, q.to->epoch_ms);
  if (q.before_id) st.bind(5, *q.before_id);
  if (q.action) st.bind(7, *q.action);
  st.bind(6, static_cast<std::int64_t>(q.limit));
  std::vector<AuditEntry> entries;
  while (st.step()) {
    entries.push_back(AuditEntry{st.integer(0), UtcTime{st.integer(1)}, st.optional_integer(2),
                                 st.text(3), st.text(4), st.text(5), st.text(6),
                                 st.optional_text(7), st.text(8), st.text(9), st.text(10)});
  }
  Statement shown{db, "SELECT patient_id FROM audit_patients WHERE audit_id = ? ORDER BY 1"};
  for (auto& entry : entries) {
    shown.bind(1, entry.id);
    while (shown.step()) entry.shown_patient_ids.push_back(shown.text(0));
    shown.reset();
  }
  return entries;
}

}  // namespace plasticity::statements
