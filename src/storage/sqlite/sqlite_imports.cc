// Import runs in SQLite: one write transaction for the whole run, through the same row writers
// the chair and the registry use.
#include "storage/sqlite/sqlite_store.h"

namespace plasticity {

using sqlite::Connection;
using sqlite::Statement;

void SqliteStore::import_records(const ImportBatch& batch, const AuditEntry& audit) {
  write([&](Connection& db) {
    for (const auto& patient : batch.patients) {
      statements::insert_patient<Statement, sqlite::PatientSearch>(db, patient, batch.staff_id,
                                                                   batch.reason);
    }
    for (const auto& screening : batch.screenings) {
      statements::insert_screening<Statement>(db, screening);
    }
    for (const auto& plan : batch.plans) statements::insert_plan<Statement>(db, plan);
    for (const auto& session : batch.sessions) sqlite::insert_treatment_session(db, session);
    for (const auto& transition : batch.transitions) {
      if (sqlite::apply_transition(db, transition) != TransitionStatus::ok) {
        throw StoreError("import: session " + transition.session_id + " cannot move to " +
                         std::string(to_string(transition.to)));
      }
    }
    sqlite::insert_vitals(db, batch.vitals);
    for (const auto& event : batch.events) sqlite::insert_session_event(db, event);
    for (const auto& assessment : batch.assessments) {
      statements::insert_assessment<Statement>(db, assessment);
    }
    Statement provenance{db,
                         "INSERT INTO imported_records (record_id, kind, source, source_key, "
                         "run_id, imported_at) VALUES (?, ?, ?, ?, ?, ?)"};
    for (const auto& r : batch.provenance) {
      provenance.reset();
      provenance.bind(1, r.record_id).bind(2, r.kind).bind(3, r.source).bind(4, r.source_key);
      provenance.bind(5, r.run_id).bind(6, r.imported_at.epoch_ms).run();
    }
    for (const auto& appointment : batch.appointments) {
      statements::insert_appointment<Statement>(db, appointment);
    }
    for (const auto& alarm : batch.alarms) sqlite::insert_alarm(db, alarm);
    for (const auto& entry : batch.audits) sqlite::insert_audit(db, entry);
    sqlite::insert_audit(db, audit);
  });
}

std::optional<ImportedRecord> SqliteStore::import_source(const std::string& record_id) {
  return read([&](Connection& db) -> std::optional<ImportedRecord> {
    Statement st{db,
                 "SELECT kind, source, source_key, run_id, imported_at FROM imported_records "
                 "WHERE record_id = ?"};
    st.bind(1, record_id);
    if (!st.step()) return std::nullopt;
    return ImportedRecord{st.text(0), record_id,  st.text(1),
                          st.text(2), st.text(3), UtcTime{st.integer(4)}};
  });
}

}  // namespace plasticity
