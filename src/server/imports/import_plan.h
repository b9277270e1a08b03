// Importing a clinic's history: what a source (FHIR, imports/fhir_import.h; CSV,
// imports/csv_import.h) read, in Plasticity's terms, and the plan that turns it into one store
// transaction (storage/areas/import_store.h).
//
// The plan is idempotent by identifiers: a patient whose MRN the clinic already has is not added
// again; a session of that patient with the same protocol and start, or an assessment with the
// same instrument and time, is skipped. Importing a file twice adds nothing the second time.
// Every error names where it is (file and line, or resource) and the field; one error and nothing
// is written.
//
//   Incoming in;  read_fhir_import(text, "history.ndjson", in);
//   ImportPlan plan = plan_import(in, sources, context);
//   if (plan.errors.empty() && !dry_run) store.import_records(plan.batch, audit);
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/field_error.h"
#include "interop/instrument_json.h"
#include "interop/protocol_json.h"
#include "monitoring/chair_records.h"
#include "patients/patient.h"
#include "server/http/request_support.h"
#include "storage/store.h"

namespace plasticity::server {

// One source file: its name (for error messages) and its text.
struct SourceFile {
  std::string name;
  std::string text;
};

struct IncomingPatient {
  std::string key;    // the source's id for it ("Patient/123", "patients.csv:4")
  std::string where;  // how errors name it
  PatientDemographics demographics;
};

struct IncomingSession {
  std::string key, where;
  std::string patient_key;
  std::string protocol_id;
  std::string chair;
  UtcTime start;               // check-in (or the booked time of one never dosed)
  std::optional<UtcTime> end;  // discharge or abort
  bool aborted = false;        // ended without a discharge
  std::optional<UtcTime> dosing_start;
  std::optional<UtcTime> dosing_end;
  double dose_mg = 0;
  bool stopped_early = false;  // the dose given is dose_mg, less than planned
  std::optional<double> pump_rate_ml_per_h;
  std::string lot_number;
  std::optional<CalendarDate> lot_expiry;
  std::vector<VitalReading> readings;
  std::vector<std::pair<UtcTime, AdverseEvent>> adverse_events;
};

struct IncomingAssessment {
  std::string key, where;
  std::string patient_key;
  std::string instrument_id;
  UtcTime administered_at;
  std::optional<Answers> answers;  // item answers: scored by Plasticity's rule
  std::optional<int> total;        // a total known without its items: kept as a total only
  bool self_report = false;        // the patient answered (a FHIR QuestionnaireResponse.source)
};

struct Incoming {
  std::vector<IncomingPatient> patients;
  std::vector<IncomingSession> sessions;
  std::vector<IncomingAssessment> assessments;
  std::size_t skipped = 0;  // records the source holds that are not history (a planned session)
  // A source record read into another's (a diagnosis into its patient, a dose or a reading into
  // its session): its key → the other's key, so a response can say what became of each.
  std::map<std::string, std::string> part_of;
  FieldErrors errors;
};

struct ImportCounts {
  std::size_t patients = 0, patients_known = 0;
  std::size_t sessions = 0, sessions_known = 0;
  std::size_t assessments = 0, assessments_known = 0;
  std::size_t vital_readings = 0, adverse_events = 0, skipped = 0;
};

struct ImportPlan {
  ImportBatch batch;
  ImportCounts counts;
  FieldErrors errors;
  std::vector<std::string> patient_ids;  // every patient the run touches, for the audit
};

struct ImportContext {
  std::string source;  // "fhir:history.ndjson", "csv:patients.csv"
  std::int64_t staff_id = 0;
  std::string username;
  UtcTime now;
  CalendarDate today;
};

ImportPlan plan_import(const Incoming& incoming, Store& store, const InstrumentCatalog& instruments,
                       const ProtocolCatalog& protocols, const ImportContext& context);

OrderedJson import_counts_to_json(const ImportCounts& counts);

// Plans the run and, when it has no error and is not a dry run, writes it in one transaction with
// its audit entry (`audit`, completed here: action, counts, every patient touched).
ImportPlan import_history(const Incoming& incoming, Store& store,
                          const InstrumentCatalog& instruments, const ProtocolCatalog& protocols,
                          const ImportContext& context, bool dry_run, AuditEntry audit);

}  // namespace plasticity::server
