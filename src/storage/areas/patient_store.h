// Patients: every version of the record, search and history.
// Part of the Store (storage/store.h), whose contract every method keeps.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/utc_time.h"
#include "patients/patient.h"
#include "storage/areas/audit_store.h"

namespace plasticity {

struct PatientQuery {
  std::string text;  // matches names (any part) and MRN; empty lists everyone
  std::optional<std::string> after_patient_id;  // cursor: the last id of the previous page
  int limit = 50;
};

struct PatientPage {
  std::vector<PatientRecord> patients;  // by family name, given name, id
  bool has_more = false;
};

// One version of a patient record, with who made it and why.
struct PatientVersion {
  PatientRecord record;  // record.updated_at is when this version was made
  std::int64_t changed_by_staff_id = 0;
  std::string changed_by_username;
  std::string reason;
};

enum class PatientWriteStatus { ok, duplicate_mrn, not_found, version_conflict };

struct PatientWriteResult {
  PatientWriteStatus status = PatientWriteStatus::ok;
  std::optional<PatientRecord> record;  // the stored record when status is ok
  std::int64_t current_version = 0;     // what the store holds, for version_conflict
};

struct PatientUpdate {
  std::string patient_id;
  std::int64_t expected_version = 0;
  PatientDemographics demographics;
  UtcTime at;
  std::int64_t staff_id = 0;
  std::string reason;
};

class PatientStore {
 public:
  virtual ~PatientStore() = default;

  // Patients. Each write stores its audit entry in the same transaction.
  virtual PatientWriteResult create_patient(const PatientRecord& record, std::int64_t staff_id,
                                            const AuditEntry& audit) = 0;
  virtual PatientWriteResult update_patient(const PatientUpdate& update,
                                            const AuditEntry& audit) = 0;
  virtual std::optional<PatientRecord> find_patient(const std::string& patient_id) = 0;
  virtual std::optional<PatientRecord> find_patient_by_mrn(const std::string& mrn) = 0;
  virtual PatientPage search_patients(const PatientQuery& query) = 0;
  virtual std::vector<PatientVersion> patient_history(const std::string& patient_id) = 0;
};

}  // namespace plasticity
