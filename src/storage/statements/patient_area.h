// The patient registry written once for both engines: each method one transaction around the
// shared statements (patient_statements.h). `Engine` and `Statement` as in staff_area.h; `Search`
// is the engine's substring index of names and MRNs (see patient_statements.h).
#pragma once

#include "storage/areas/patient_store.h"
#include "storage/statements/patient_statements.h"

namespace plasticity {

template <class Engine, class Statement, class Search>
class PatientArea : public virtual PatientStore {
 public:
  PatientWriteResult create_patient(const PatientRecord& record, std::int64_t staff_id,
                                    const AuditEntry& audit) final {
    try {
      return engine().write([&](auto& db) {
        statements::insert_patient<Statement, Search>(db, record, staff_id, "registered");
        statements::insert_audit<Statement>(db, audit);
        return PatientWriteResult{PatientWriteStatus::ok, record, record.version};
      });
    } catch (const UniqueViolation&) {
      return PatientWriteResult{PatientWriteStatus::duplicate_mrn, std::nullopt, 0};
    }
  }

  PatientWriteResult update_patient(const PatientUpdate& update, const AuditEntry& audit) final {
    try {
      return engine().write([&](auto& db) {
        return statements::update_patient<Statement, Search>(db, update, audit);
      });
    } catch (const UniqueViolation&) {
      return PatientWriteResult{PatientWriteStatus::duplicate_mrn, std::nullopt, 0};
    }
  }

  std::optional<PatientRecord> find_patient(const std::string& patient_id) final {
    return engine().read(
        [&](auto& db) { return statements::find_patient<Statement>(db, patient_id); });
  }

  std::optional<PatientRecord> find_patient_by_mrn(const std::string& mrn) final {
    return engine().read(
        [&](auto& db) { return statements::find_patient_by_mrn<Statement>(db, mrn); });
  }

  PatientPage search_patients(const PatientQuery& query) final {
    return engine().read(
        [&](auto& db) { return statements::search_patients<Statement, Search>(db, query); });
  }

  std::vector<PatientVersion> patient_history(const std::string& patient_id) final {
    return engine().read(
        [&](auto& db) { return statements::patient_history<Statement>(db, patient_id); });
  }

 private:
  Engine& engine() { return static_cast<Engine&>(*this); }
};

}  // namespace plasticity
