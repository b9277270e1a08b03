// Store: everything Plasticity keeps, behind one interface. SQLite (sqlite/) is the embedded
// default; a PostgreSQL engine will sit behind the same interface, so no SQL dialect leaks out.
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
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/utc_time.h"
#include "instruments/scoring.h"
#include "outcomes/cohort.h"
#include "outcomes/safety.h"
#include "patients/patient.h"
#include "staff/access_policy.h"
#include "staff/role.h"
#include "storage/planning_records.h"
#include "storage/treatment_records.h"

namespace plasticity {

class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct StaffAccount {
  std::int64_t id = 0;
  std::string username;
  Role role = Role::front_desk;
  std::string password_hash;  // argon2id string from libsodium; never the password
  UtcTime created_at;
  bool active =
      true;  // a deactivated account cannot sign in; it is never deleted (its audit trail)
};

// A role change or (de)activation of one staff account.
struct StaffChange {
  std::int64_t staff_id = 0;
  std::optional<Role> role;
  std::optional<bool> active;
};

enum class StaffChangeStatus { ok, not_found, last_admin };

// A single-use link to set a password: only the token's hash is kept.
struct PasswordReset {
  std::string token_hash;
  std::int64_t staff_id = 0;
  UtcTime created_at;
  UtcTime expires_at;
};

struct StaffSession {
  std::string token_hash;  // hash of the bearer token; the token itself is never stored
  std::int64_t staff_id = 0;
  SessionTimes times;
};

// One line of the audit trail: who (staff, role) did what (action, outcome) to which patient,
// when, in which request, from where.
struct AuditEntry {
  std::int64_t id = 0;  // assigned by the store, increasing
  UtcTime at;
  std::optional<std::int64_t> staff_id;
  std::string username;  // as given, also for failed sign-ins of unknown names
  std::string role;
  std::string action;   // e.g. "patient.read", "session.create", "permission.denied"
  std::string outcome;  // "success", "failure", "denied"
  std::optional<std::string> patient_id;
  std::string request_id;
  std::string client_address;
  std::string detail;
  // Every patient a list view showed (a search, the nurse station, the outbox): an audit query
  // for any of them finds the entry. patient_id stays the one patient an action was about.
  std::vector<std::string> shown_patient_ids{};
};

// One sender's vital signs for one session, with the audit entry that records their receipt.
struct VitalsBatch {
  std::string session_id;
  std::vector<VitalReading> readings;
  std::optional<AuditEntry> audit;
};

struct AuditQuery {
  std::optional<std::string> patient_id;
  std::optional<std::string> username;
  std::optional<UtcTime> from;            // inclusive
  std::optional<UtcTime> to;              // exclusive
  std::optional<std::int64_t> before_id;  // cursor: entries older than this id
  std::optional<std::string> action;      // "patient.read", or a family: "patient"
  bool hide_device_readings = false;      // vitals.record by a device or an HL7 sender
  int limit = 100;
};

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

// One administration of an instrument, with its item-level answers and the score shown then.
struct AssessmentRecord {
  std::string id;
  std::string patient_id;
  std::string instrument_id;
  std::string instrument_version;
  UtcTime administered_at;
  std::string source;                       // "clinician", "patient_link" or "kiosk"
  std::optional<std::int64_t> recorded_by;  // staff; none for a patient's own link
  std::optional<std::string> link_id;
  Answers answers;
  AssessmentScore score;
  UtcTime recorded_at;
};

// Something a clinician must see: a suicidality answer, a high-risk triage. Open until a
// clinician acknowledges it with a note.
struct AlertRecord {
  std::string id;
  std::string patient_id;
  std::optional<std::string> assessment_id;
  std::string kind;  // the flag, e.g. "suicidal_ideation"
  std::string message;
  UtcTime created_at;
  bool acknowledged = false;
  std::optional<std::int64_t> acknowledged_by;
  std::string acknowledged_by_username;
  std::optional<UtcTime> acknowledged_at;
  std::string note;
};

// A single-use link that lets a patient fill in some questionnaires without signing in.
struct AssessmentLink {
  std::string id;
  std::string token_hash;  // the token itself is only ever in the URL given to the patient
  std::string patient_id;
  std::vector<std::string> instruments;
  std::int64_t created_by = 0;
  UtcTime created_at;
  UtcTime expires_at;
  std::optional<UtcTime> used_at;
};

enum class AssessmentWriteStatus { ok, patient_not_found, link_spent };
enum class AcknowledgeStatus { ok, not_found, already_acknowledged };

class Store {
 public:
  virtual ~Store() = default;

  virtual std::int64_t schema_version() = 0;

  // Staff accounts. create_staff returns std::nullopt when the username is taken.
  virtual std::optional<std::int64_t> create_staff(const StaffAccount& account) = 0;
  virtual std::optional<StaffAccount> find_staff_by_username(const std::string& username) = 0;
  virtual std::optional<StaffAccount> find_staff(std::int64_t id) = 0;
  virtual void set_password_hash(std::int64_t staff_id, const std::string& password_hash) = 0;
  // Every account, active or not, by username.
  virtual std::vector<StaffAccount> list_staff() = 0;
  // Applies a role change or (de)activation with its audit entry, ending the member's sessions;
  // last_admin when it would leave no active admin (checked in the same transaction).
  virtual StaffChangeStatus change_staff(const StaffChange& change, const AuditEntry& audit) = 0;
  // Stores a password link, replacing the member's unused earlier one.
  virtual void create_password_reset(const PasswordReset& reset, const AuditEntry& audit) = 0;
  // Uses an unused, unexpired link of an active account once: sets the password hash, ends the
  // member's sessions and writes `audit` as that member. std::nullopt when the link is not valid.
  virtual std::optional<StaffAccount> use_password_reset(const std::string& token_hash, UtcTime now,
                                                         const std::string& password_hash,
                                                         AuditEntry audit) = 0;

  // Failed sign-ins, counted per username (known or not, so a lockout reveals nothing).
  virtual SignInFailures sign_in_failures(const std::string& username) = 0;
  virtual void record_sign_in_failure(const std::string& username, UtcTime at) = 0;
  virtual void clear_sign_in_failures(const std::string& username) = 0;

  // Everything the clinic's outcome report reads (outcomes/cohort.h) for one instrument: every
  // patient, in one consistent read.
  virtual std::vector<CohortPatient> outcome_cohort(const std::string& instrument_id) = 0;
  // The same for one patient (the early-response forecast); nothing when the patient is unknown.
  virtual std::optional<CohortPatient> outcome_record(const std::string& instrument_id,
                                                      const std::string& patient_id) = 0;

  // Every treatment session's safety records (outcomes/safety.h), in one consistent read.
  virtual SafetyRecords safety_records() = 0;

  // The clinic's settings as edited in the browser (interop/clinic_settings.h): name → JSON text.
  virtual std::map<std::string, std::string> clinic_settings() = 0;
  // Writes every row (replacing the one of the same name) with its audit entry, or nothing.
  virtual void save_clinic_settings(const std::map<std::string, std::string>& rows,
                                    const AuditEntry& audit) = 0;

  virtual void create_session(const StaffSession& session) = 0;
  virtual std::optional<StaffSession> find_session(const std::string& token_hash) = 0;
  virtual void touch_session(const std::string& token_hash, UtcTime at) = 0;
  virtual void delete_session(const std::string& token_hash) = 0;

  // Patients. Each write stores its audit entry in the same transaction.
  virtual PatientWriteResult create_patient(const PatientRecord& record, std::int64_t staff_id,
                                            const AuditEntry& audit) = 0;
  virtual PatientWriteResult update_patient(const PatientUpdate& update,
                                            const AuditEntry& audit) = 0;
  virtual std::optional<PatientRecord> find_patient(const std::string& patient_id) = 0;
  virtual std::optional<PatientRecord> find_patient_by_mrn(const std::string& mrn) = 0;
  virtual PatientPage search_patients(const PatientQuery& query) = 0;
  virtual std::vector<PatientVersion> patient_history(const std::string& patient_id) = 0;

  // Assessments, with the alerts their flags raise, in one transaction; with `link_id`, the link
  // is spent in the same transaction (link_spent if it already was: nothing is written).
  virtual AssessmentWriteStatus record_assessments(const std::vector<AssessmentRecord>& assessments,
                                                   const std::vector<AlertRecord>& alerts,
                                                   const std::optional<std::string>& link_id,
                                                   UtcTime at, const AuditEntry& audit) = 0;
  // Oldest first; all instruments when `instrument_id` is empty.
  virtual std::vector<AssessmentRecord> patient_assessments(const std::string& patient_id,
                                                            const std::string& instrument_id) = 0;

  virtual void create_assessment_link(const AssessmentLink& link, const AuditEntry& audit) = 0;
  virtual std::optional<AssessmentLink> find_assessment_link(const std::string& token_hash) = 0;

  // Newest first; open ones only when `open_only`; one patient's when `patient_id` is set.
  virtual std::vector<AlertRecord> alerts(bool open_only,
                                          const std::optional<std::string>& patient_id) = 0;
  virtual std::optional<AlertRecord> find_alert(const std::string& alert_id) = 0;
  virtual AcknowledgeStatus acknowledge_alert(const std::string& alert_id, std::int64_t staff_id,
                                              const std::string& note, UtcTime at,
                                              const AuditEntry& audit) = 0;

  // Treatment sessions. Each write stores its audit entry in the same transaction.
  virtual void create_treatment_session(const TreatmentSession& session,
                                        const AuditEntry& audit) = 0;
  virtual std::optional<TreatmentSession> find_treatment_session(const std::string& id) = 0;
  // Not yet discharged or aborted (all of them when `patient_id` is unset), by scheduled time.
  virtual std::vector<TreatmentSession> active_treatment_sessions() = 0;
  // Scheduled at or after `since`, finished or not, by scheduled time.
  virtual std::vector<TreatmentSession> treatment_sessions_since(UtcTime since) = 0;
  virtual std::vector<TreatmentSession> patient_treatment_sessions(
      const std::string& patient_id) = 0;
  // Moves the session only if it is still in `transition.from` (phase_changed otherwise).
  virtual TransitionStatus record_transition(const SessionTransition& transition,
                                             const AuditEntry& audit) = 0;
  virtual std::vector<SessionTransition> session_transitions(const std::string& session_id) = 0;
  virtual void record_checklist(const std::vector<ChecklistEntry>& entries,
                                const AuditEntry& audit) = 0;
  // Every entry, oldest first (the latest entry for an item is its state).
  virtual std::vector<ChecklistEntry> session_checklist(const std::string& session_id) = 0;

  virtual void record_session_event(const SessionEvent& event, const AuditEntry& audit) = 0;
  // Oldest first.
  virtual std::vector<SessionEvent> session_events(const std::string& session_id) = 0;

  // Every batch in one transaction (one commit), returning once all are on disk: how many
  // readings of each batch were new (readings already stored, same device, kind and measurement
  // time, are skipped). Each batch's audit entry is written with it when given. Throws when any
  // batch cannot be stored, storing none. Many senders' batches share a commit through
  // storage/vitals_writer.h.
  virtual std::vector<std::size_t> record_vitals(const std::vector<VitalsBatch>& batches) = 0;
  // Oldest first; only those measured at or after `since` when given.
  virtual std::vector<VitalReading> session_vitals(const std::string& session_id,
                                                   std::optional<UtcTime> since) = 0;

  virtual void record_alarm_changes(const SessionAlarmWrite& changes) = 0;
  // Newest first; not yet cleared ones only when `open_only`.
  virtual std::vector<SessionAlarm> session_alarms(const std::string& session_id,
                                                   bool open_only) = 0;
  virtual std::optional<SessionAlarm> find_session_alarm(const std::string& alarm_id) = 0;
  // Records who acknowledged and what they did; clears the alarm too when `clear`.
  virtual AcknowledgeStatus acknowledge_session_alarm(const std::string& alarm_id,
                                                      std::int64_t staff_id,
                                                      const std::string& action, UtcTime at,
                                                      bool clear, const AuditEntry& audit) = 0;

  virtual void create_device_credential(const DeviceCredential& device,
                                        const AuditEntry& audit) = 0;
  virtual std::optional<DeviceCredential> find_device_credential(const std::string& token_hash) = 0;
  // Every registered monitor, by device id (token hashes included: never shown).
  virtual std::vector<DeviceCredential> device_credentials() = 0;
  // The device's token stops working at once; false when no such device.
  virtual bool revoke_device(const std::string& device_id, const AuditEntry& audit) = 0;

  // A clinician's task raised by Plasticity itself (e.g. a futility review), beside the alerts
  // assessments raise; `kind` says which.
  virtual void create_alert(const AlertRecord& alert, const AuditEntry& audit) = 0;

  // Screenings: the intake and result, then the prescriber's sign-off once (sign_off returns
  // already_acknowledged when it was signed before).
  virtual void create_screening(const ScreeningRecord& screening, const AuditEntry& audit) = 0;
  virtual std::optional<ScreeningRecord> find_screening(const std::string& id) = 0;
  virtual std::vector<ScreeningRecord> patient_screenings(const std::string& patient_id) = 0;
  virtual AcknowledgeStatus sign_off_screening(const ScreeningSignOff& sign_off,
                                               const AuditEntry& audit) = 0;

  // Treatment plans with their proposed appointments; screening_used when another plan already
  // started from the screening. revise_plan keeps every version.
  virtual PlanWriteStatus create_plan(const PlanRecord& plan,
                                      const std::vector<Appointment>& proposed,
                                      const AuditEntry& audit) = 0;
  virtual std::optional<PlanRecord> find_plan(const std::string& id) = 0;
  virtual std::vector<PlanRecord> patient_plans(const std::string& patient_id) = 0;
  virtual PlanWriteStatus revise_plan(const PlanVersion& version, const AuditEntry& audit) = 0;
  virtual std::vector<PlanVersion> plan_versions(const std::string& plan_id) = 0;

  // The schedule. Appointments overlapping [from, to) that are not cancelled, by start.
  virtual std::vector<Appointment> appointments_between(UtcTime from, UtcTime to) = 0;
  virtual std::optional<Appointment> find_appointment(const std::string& id) = 0;
  virtual std::vector<Appointment> plan_appointments(const std::string& plan_id) = 0;
  virtual std::optional<Appointment> appointment_for_session(const std::string& session_id) = 0;
  virtual ScheduleWriteStatus apply_schedule_change(const ScheduleChange& change,
                                                    const AuditEntry& audit) = 0;
  // create_resource returns false when the id is taken.
  virtual bool create_resource(const Resource& resource, const AuditEntry& audit) = 0;
  // Renames a chair or room or takes it out of (or back into) use; false when no resource has
  // the id or another has the name. Its appointments keep it.
  virtual bool update_resource(const Resource& resource, const AuditEntry& audit) = 0;
  virtual std::vector<Resource> resources() = 0;
  // Replaces the staff member's weekly hours.
  virtual void set_working_hours(std::int64_t staff_id, const std::vector<WorkingHours>& hours,
                                 const AuditEntry& audit) = 0;
  // Every staff member with their role and hours.
  virtual std::vector<StaffRota> staff_rota() = 0;
  // Oldest first by send time; only `status` when not empty.
  virtual std::vector<OutboxMessage> outbox(const std::string& status) = 0;
  virtual std::optional<OutboxMessage> find_outbox_message(const std::string& id) = 0;
  virtual AcknowledgeStatus mark_message_sent(const std::string& id, UtcTime at,
                                              const AuditEntry& audit) = 0;

  // KAP therapy notes: append-only; grants only add readers.
  virtual void create_therapy_note(const TherapyNoteRecord& note, const AuditEntry& audit) = 0;
  virtual std::optional<TherapyNoteRecord> find_therapy_note(const std::string& id) = 0;
  virtual std::vector<TherapyNoteRecord> patient_therapy_notes(const std::string& patient_id) = 0;
  virtual void grant_therapy_note(const std::string& note_id, std::int64_t staff_id,
                                  std::int64_t granted_by, UtcTime at, const AuditEntry& audit) = 0;

  virtual std::int64_t append_audit(const AuditEntry& entry) = 0;
  // Several entries in one transaction (a view that shows many patients audits each of them).
  virtual void append_audits(const std::vector<AuditEntry>& entries) = 0;
  virtual std::vector<AuditEntry> query_audit(const AuditQuery& query) = 0;
};

}  // namespace plasticity
