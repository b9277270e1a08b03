// The outcome report's and the forecast's whole-clinic reads, and imports of a clinic's history,
// written once for both engines (outcome_statements.h; the rows an import writes are the ones the
// chair, the registry and the schedule write). `Engine` and `Statement` as in staff_area.h;
// `Engine::snapshot` runs several statements on one state of the database; `Search` as in
// patient_area.h.
#pragma once

#include "storage/areas/import_store.h"
#include "storage/areas/outcome_store.h"
#include "storage/statements/appointment_statements.h"
#include "storage/statements/assessment_statements.h"
#include "storage/statements/first_of.h"
#include "storage/statements/outcome_statements.h"
#include "storage/statements/patient_statements.h"
#include "storage/statements/planning_statements.h"
#include "storage/statements/session_statements.h"
#include "storage/statements/vital_statements.h"

namespace plasticity {

template <class Engine, class Statement>
class OutcomeArea : public virtual OutcomeStore {
 public:
  std::vector<CohortPatient> outcome_cohort(const std::string& instrument_id) final {
    return engine().snapshot([&](auto& db) {
      return statements::read_cohort<Statement>(db, instrument_id, std::nullopt);
    });
  }

  std::optional<CohortPatient> outcome_record(const std::string& instrument_id,
                                              const std::string& patient_id) final {
    return engine().snapshot([&](auto& db) {
      return statements::first_of(
          statements::read_cohort<Statement>(db, instrument_id, patient_id));
    });
  }

  SafetyRecords safety_records() final {
    return engine().snapshot([&](auto& db) { return statements::safety_records<Statement>(db); });
  }

 private:
  Engine& engine() { return static_cast<Engine&>(*this); }
};

template <class Engine, class Statement, class Search>
class ImportArea : public virtual ImportStore {
 public:
  void import_records(const ImportBatch& batch, const AuditEntry& audit) final {
    engine().write([&](auto& db) { write_batch(db, batch, audit); });
  }

  std::optional<ImportedRecord> import_source(const std::string& record_id) final {
    return engine().read([&](auto& db) -> std::optional<ImportedRecord> {
      Statement st{db,
                   "SELECT kind, source, source_key, run_id, imported_at FROM imported_records "
                   "WHERE record_id = ?"};
      if (!st.bind(1, record_id).step()) return std::nullopt;
      return ImportedRecord{st.text(0), record_id,  st.text(1),
                            st.text(2), st.text(3), UtcTime{st.integer(4)}};
    });
  }

 private:
  Engine& engine() { return static_cast<Engine&>(*this); }

  template <class Connection>
  static void write_batch(Connection& db, const ImportBatch& batch, const AuditEntry& audit) {
    namespace s = statements;
    for (const auto& patient : batch.patients) {
      s::insert_patient<Statement, Search>(db, patient, batch.staff_id, batch.reason);
    }
    for (const auto& screening : batch.screenings) s::insert_screening<Statement>(db, screening);
    for (const auto& plan : batch.plans) s::insert_plan<Statement>(db, plan);
    for (const auto& session : batch.sessions) s::insert_treatment_session<Statement>(db, session);
    for (const auto& transition : batch.transitions) {
      if (s::apply_transition<Statement>(db, transition) != TransitionStatus::ok) {
        throw StoreError("import: session " + transition.session_id + " cannot move to " +
                         std::string(to_string(transition.to)));
      }
    }
    s::insert_vitals<Statement>(db, batch.vitals);
    for (const auto& event : batch.events) s::insert_session_event<Statement>(db, event);
    for (const auto& assessment : batch.assessments) {
      s::insert_assessment<Statement>(db, assessment);
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
      s::insert_appointment<Statement>(db, appointment);
    }
    for (const auto& alarm : batch.alarms) s::insert_alarm<Statement>(db, alarm);
    for (const auto& entry : batch.audits) s::insert_audit<Statement>(db, entry);
    s::insert_audit<Statement>(db, audit);
  }
};

}  // namespace plasticity
