// Migration 18: patients numbered inside the database; the audit trail names a patient by number.
//
// A patient's public id (32 hexadecimal characters) stays what the API, exports and links use.
// Inside the database the audit trail, its largest table, names a patient by an integer key:
// the id repeated in every audit row and again in its index was about a quarter of each row
// (issue "Five years of a clinic"). An id that names no patient (a request for one that does not
// exist) is kept as it came, so an audit query for it still finds the entry.
//
// The key is the patient's rowid when this runs, which is what the search index already uses; a
// new patient takes the next key. An explicit key, unlike the rowid, is kept by VACUUM.
// The audit rows are rewritten once, here, with their guard stepped aside: each keeps its
// meaning (the same patient, read back by the same id) in fewer bytes.
#pragma once

#include <string_view>

namespace plasticity::sqlite::schema {

inline constexpr std::string_view kPatientKeys = R"sql(
ALTER TABLE patients ADD COLUMN key INTEGER;
UPDATE patients SET key = rowid;
CREATE UNIQUE INDEX patients_by_key ON patients(key);
CREATE TRIGGER patients_are_numbered AFTER INSERT ON patients WHEN NEW.key IS NULL
BEGIN UPDATE patients SET key = (SELECT coalesce(max(key), 0) + 1 FROM patients) WHERE id = NEW.id; END;

ALTER TABLE audit_log ADD COLUMN patient_key INTEGER;
DROP TRIGGER audit_log_is_append_only_update;
DROP INDEX audit_log_by_patient;
UPDATE audit_log SET patient_key = (SELECT key FROM patients WHERE id = audit_log.patient_id),
                     patient_id = NULL
WHERE patient_id IN (SELECT id FROM patients);
CREATE TRIGGER audit_log_is_append_only_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;
CREATE INDEX audit_log_by_patient ON audit_log(patient_key, id);
CREATE INDEX audit_log_by_unknown_patient ON audit_log(patient_id, id) WHERE patient_id IS NOT NULL;
)sql";

}  // namespace plasticity::sqlite::schema
