// Store: everything Plasticity keeps, behind one interface made of one interface per area
// (areas/: staff, audit, patients, assessments, treatment sessions, planning, schedule, therapy
// notes, outcomes, settings, FHIR bulk exports, imports, the servers sharing the database). SQLite
// (sqlite/) is the embedded default; a PostgreSQL engine will sit behind the same interfaces, so no
// SQL dialect leaks out. Code that needs one area takes that area's interface (the forecast models
// take an OutcomeStore).
//
// Contract for every engine:
//  - a method that returns normally has committed durably (fsync'd): a crash right after loses
//    nothing it acknowledged;
//  - a write either commits whole, together with its audit entry, or changes nothing;
//  - audit entries are append-only: no method changes or deletes one;
//  - methods are safe to call from several threads at once.
// Expected outcomes (a duplicate MRN, a stale version) are return values; exceptions (StoreError)
// mean the storage itself failed.
//
//   auto store = open_sqlite_store(data_dir / "plasticity.db");
//   auto result = store->create_patient(record, audit_entry);
//   if (result.status == PatientWriteStatus::duplicate_mrn) { /* 409 */ }
#pragma once

#include <cstdint>

#include "storage/areas/assessment_store.h"
#include "storage/areas/audit_store.h"
#include "storage/areas/common.h"
#include "storage/areas/export_store.h"
#include "storage/areas/import_store.h"
#include "storage/areas/outcome_store.h"
#include "storage/areas/patient_store.h"
#include "storage/areas/planning_store.h"
#include "storage/areas/schedule_store.h"
#include "storage/areas/server_network.h"
#include "storage/areas/session_store.h"
#include "storage/areas/settings_store.h"
#include "storage/areas/staff_store.h"
#include "storage/areas/therapy_note_store.h"

namespace plasticity {

// One area per interface (storage/areas/); code that needs one area can take just that one.
// The areas are virtual bases so that an engine can take an area's methods from the shared
// implementation written once for both engines (statements/*_area.h), which derives from the same
// area interface.
class Store : public virtual StaffStore,
              public virtual AuditStore,
              public virtual PatientStore,
              public virtual AssessmentStore,
              public virtual TreatmentSessionStore,
              public virtual PlanningStore,
              public virtual ScheduleStore,
              public virtual TherapyNoteStore,
              public virtual OutcomeStore,
              public virtual SettingsStore,
              public virtual ExportJobStore,
              public virtual ImportStore,
              public virtual ServerNetwork {
 public:
  ~Store() override = default;

  virtual std::int64_t schema_version() = 0;
};

}  // namespace plasticity
