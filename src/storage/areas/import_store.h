// A clinic's history brought in from another system (server/imports/): every record of one import
// run written in one transaction, each with a note of where it came from.
// Part of the Store (storage/store.h), whose contract every method keeps.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "patients/patient.h"
#include "scheduling/appointment.h"
#include "storage/areas/assessment_store.h"
#include "storage/areas/audit_store.h"
#include "storage/areas/session_store.h"
#include "storage/planning_records.h"

namespace plasticity {

// Where an imported record came from: the file or system, and its id or key there.
struct ImportedRecord {
  std::string kind;  // "patient", "session", "assessment"
  std::string record_id;
  std::string source;      // e.g. "fhir:history.ndjson" or "csv:sessions.csv"
  std::string source_key;  // the record's id in the source ("Patient/123", "sessions.csv:14")
  std::string run_id;
  UtcTime imported_at;
};

// One run's records. Sessions arrive in phase scheduled and are moved through `transitions`
// (oldest first), so the store sets their phase and dosing time as it does for the chair.
// A synthetic clinic (server/synthesis/) adds what an import does not carry: each course's
// screening and plan, the sessions' places on the calendar, their alarms as they ended, and the
// audit rows the history's use made.
struct ImportBatch {
  std::int64_t staff_id = 0;  // who imported: the records' author
  std::string reason;         // each new patient's first version says why it exists
  std::vector<PatientRecord> patients;
  std::vector<TreatmentSession> sessions;
  std::vector<SessionTransition> transitions;
  std::vector<VitalsBatch> vitals;
  std::vector<SessionEvent> events;
  std::vector<AssessmentRecord> assessments;
  std::vector<ImportedRecord> provenance;
  std::vector<ScreeningRecord> screenings;  // signed off as they were
  std::vector<PlanRecord> plans;            // before the appointments that name them
  std::vector<Appointment> appointments;
  std::vector<SessionAlarm> alarms;
  std::vector<AuditEntry> audits;
};

class ImportStore {
 public:
  virtual ~ImportStore() = default;

  // Everything in one transaction with its audit entry, or nothing (throws StoreError).
  virtual void import_records(const ImportBatch& batch, const AuditEntry& audit) = 0;
  // Where a record came from, when it was imported.
  virtual std::optional<ImportedRecord> import_source(const std::string& record_id) = 0;
};

}  // namespace plasticity
