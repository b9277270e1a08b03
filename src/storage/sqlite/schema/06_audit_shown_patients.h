// Migration 6: patients shown by list views in the audit trail.
//
// A list view's audit entry names every patient it showed; the trail stays append-only.
#pragma once

#include <string_view>

namespace plasticity::sqlite::schema {

inline constexpr std::string_view kAuditShownPatients = R"sql(
CREATE TABLE audit_patients (
  patient_id TEXT NOT NULL,
  audit_id INTEGER NOT NULL REFERENCES audit_log(id),
  PRIMARY KEY (patient_id, audit_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX audit_patients_by_entry ON audit_patients(audit_id);
CREATE TRIGGER audit_patients_is_append_only_update BEFORE UPDATE ON audit_patients
BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;
CREATE TRIGGER audit_patients_is_append_only_delete BEFORE DELETE ON audit_patients
BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;
)sql";

}  // namespace plasticity::sqlite::schema
