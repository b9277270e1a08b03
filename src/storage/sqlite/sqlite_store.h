// SqliteStore: the embedded Store, one database file in the data directory.
//
// WAL journal, foreign keys on, synchronous=FULL: a commit is on disk before a method returns.
// Writes go through one writer connection (SQLite allows one writer at a time anyway); reads use
// a pool of reader connections, which WAL lets run beside the writer.
//
//   auto store = SqliteStore::open(data_dir / "plasticity.db");  // migrates, or throws
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "storage/sqlite/migrations.h"
#include "storage/sqlite/sqlite_connection.h"
#include "storage/sqlite/sqlite_patient_search.h"
#include "storage/statements/assessment_area.h"
#include "storage/statements/audit_area.h"
#include "storage/statements/patient_area.h"
#include "storage/statements/planning_area.h"
#include "storage/statements/settings_area.h"
#include "storage/statements/staff_area.h"
#include "storage/store.h"

namespace plasticity {

// Staff, audit, settings, patients, assessments, planning and therapy notes come from the areas
// written once for both engines (statements/); the other areas are still SQLite's own (sqlite_*.cc)
// until the PostgreSQL engine serves them.
class SqliteStore final : public Store,
                          public StaffArea<SqliteStore, sqlite::Statement>,
                          public AuditArea<SqliteStore, sqlite::Statement>,
                          public SettingsArea<SqliteStore, sqlite::Statement>,
                          public PatientArea<SqliteStore, sqlite::Statement, sqlite::PatientSearch>,
                          public AssessmentArea<SqliteStore, sqlite::Statement>,
                          public PlanningArea<SqliteStore, sqlite::Statement>,
                          public TherapyNoteArea<SqliteStore, sqlite::Statement> {
 public:
  // Opens (creating if needed) and migrates the database with `migrations` (all of them unless a
  // test asks for fewer), telling `report` how each pending one goes. Throws StoreError if it
  // cannot, e.g. when the schema is newer.
  static std::unique_ptr<SqliteStore> open(
      const std::filesystem::path& file,
      std::span<const Migration> migrations = sqlite::sqlite_migrations(),
      const MigrationReport& report = {});

  std::int64_t schema_version() override;
  // Every statement run from now on, on every connection, to `observer`: the query-plan test
  // (query_plans_test.cc) reads what each screen runs. Set it before requests start.
  void observe_statements(sqlite::StatementObserver observer);

  std::vector<CohortPatient> outcome_cohort(const std::string& instrument_id) override;
  std::optional<CohortPatient> outcome_record(const std::string& instrument_id,
                                              const std::string& patient_id) override;
  SafetyRecords safety_records() override;
  void import_records(const ImportBatch& batch, const AuditEntry& audit) override;
  std::optional<ImportedRecord> import_source(const std::string& record_id) override;

  void create_treatment_session(const TreatmentSession& session, const AuditEntry& audit) override;
  std::optional<TreatmentSession> find_treatment_session(const std::string& id) override;
  std::vector<TreatmentSession> active_treatment_sessions() override;
  std::vector<TreatmentSession> patient_treatment_sessions(const std::string& patient_id) override;
  std::vector<TreatmentSession> treatment_sessions_since(UtcTime since) override;
  TransitionStatus record_transition(const SessionTransition& transition,
                                     const AuditEntry& audit) override;
  std::vector<SessionTransition> session_transitions(const std::string& session_id) override;
  void record_checklist(const std::vector<ChecklistEntry>& entries,
                        const AuditEntry& audit) override;
  std::vector<ChecklistEntry> session_checklist(const std::string& session_id) override;
  void record_session_event(const SessionEvent& event, const AuditEntry& audit) override;
  std::vector<SessionEvent> session_events(const std::string& session_id) override;
  std::vector<std::size_t> record_vitals(const std::vector<VitalsBatch>& batches) override;
  std::vector<VitalReading> latest_session_vitals(const std::string& session_id) override;
  SealReport seal_finished_vitals(std::size_t max_sessions, UtcTime now) override;
  std::vector<VitalReading> session_vitals(const std::string& session_id,
                                           std::optional<UtcTime> since) override;
  void record_alarm_changes(const SessionAlarmWrite& changes) override;
  std::vector<SessionAlarm> session_alarms(const std::string& session_id, bool open_only) override;
  std::optional<SessionAlarm> find_session_alarm(const std::string& alarm_id) override;
  AcknowledgeStatus acknowledge_session_alarm(const std::string& alarm_id, std::int64_t staff_id,
                                              const std::string& action, UtcTime at, bool clear,
                                              const AuditEntry& audit) override;
  void create_device_credential(const DeviceCredential& device, const AuditEntry& audit) override;
  std::optional<DeviceCredential> find_device_credential(const std::string& token_hash) override;
  std::vector<DeviceCredential> device_credentials() override;
  bool revoke_device(const std::string& device_id, const AuditEntry& audit) override;

  std::vector<Appointment> appointments_between(UtcTime from, UtcTime to) override;
  std::optional<Appointment> find_appointment(const std::string& id) override;
  std::vector<Appointment> plan_appointments(const std::string& plan_id) override;
  std::vector<Appointment> patient_appointments(const std::string& patient_id) override;
  std::optional<Appointment> appointment_for_session(const std::string& session_id) override;
  ScheduleWriteStatus apply_schedule_change(const ScheduleChange& change,
                                            const AuditEntry& audit) override;
  bool create_resource(const Resource& resource, const AuditEntry& audit) override;
  bool update_resource(const Resource& resource, const AuditEntry& audit) override;
  std::vector<Resource> resources() override;
  void set_working_hours(std::int64_t staff_id, const std::vector<WorkingHours>& hours,
                         const AuditEntry& audit) override;
  std::vector<StaffRota> staff_rota() override;
  std::vector<OutboxMessage> outbox(const std::string& status) override;
  std::optional<OutboxMessage> find_outbox_message(const std::string& id) override;
  AcknowledgeStatus mark_message_sent(const std::string& id, UtcTime at,
                                      const AuditEntry& audit) override;

 private:
  friend class StaffArea<SqliteStore, sqlite::Statement>;
  friend class AuditArea<SqliteStore, sqlite::Statement>;
  friend class SettingsArea<SqliteStore, sqlite::Statement>;
  friend class PatientArea<SqliteStore, sqlite::Statement, sqlite::PatientSearch>;
  friend class AssessmentArea<SqliteStore, sqlite::Statement>;
  friend class PlanningArea<SqliteStore, sqlite::Statement>;
  friend class TherapyNoteArea<SqliteStore, sqlite::Statement>;

  explicit SqliteStore(std::filesystem::path file);

  std::unique_ptr<sqlite::Connection> connect() const;
  ScheduleWriteStatus write_schedule_change(const ScheduleChange& change, const AuditEntry& audit);

  // Runs `work` in one write transaction on the writer connection; commits when it returns.
  template <class Work>
  auto write(Work&& work) {
    std::lock_guard lock(writer_mutex_);
    sqlite::Transaction transaction{*writer_};
    if constexpr (std::is_void_v<decltype(work(*writer_))>) {
      work(*writer_);
      transaction.commit();
    } else {
      auto result = work(*writer_);
      transaction.commit();
      return result;
    }
  }

  // SQLite has one writer at a time, so every write transaction is already serializable.
  template <class Work>
  auto serializable(Work&& work) {
    return write(std::forward<Work>(work));
  }

  // Runs `work` on a reader connection from the pool.
  template <class Work>
  auto read(Work&& work) {
    std::unique_ptr<sqlite::Connection> connection = take_reader();
    struct GiveBack {
      SqliteStore* store;
      std::unique_ptr<sqlite::Connection>& connection;
      ~GiveBack() { store->return_reader(std::move(connection)); }
    } give_back{this, connection};
    return work(*connection);
  }

  std::unique_ptr<sqlite::Connection> take_reader();
  void return_reader(std::unique_ptr<sqlite::Connection> connection);

  std::filesystem::path file_;
  sqlite::StatementObserver observer_;
  std::mutex writer_mutex_;
  std::unique_ptr<sqlite::Connection> writer_;
  std::mutex readers_mutex_;
  std::vector<std::unique_ptr<sqlite::Connection>> idle_readers_;
};

// Rows shared by the store's SQLite-only areas.
namespace sqlite {
void insert_session_event(Connection& db, const SessionEvent& event);
// How many readings of each batch were new (see record_vitals).
std::vector<std::size_t> insert_vitals(Connection& db, const std::vector<VitalsBatch>& batches);
void insert_audit(Connection& db, const AuditEntry& entry);
void insert_treatment_session(Connection& db, const TreatmentSession& session);
void insert_alarm(Connection& db, const SessionAlarm& alarm);  // every field, as it stands
// Rows of (device_id, kind, value, measured_at, received_at) as readings; unknown kinds skipped.
std::vector<VitalReading> read_readings(Statement& statement);
using statements::first_of;
// Moves the session only if it is still in `transition.from`; writes no audit entry.
TransitionStatus apply_transition(Connection& db, const SessionTransition& transition);
}  // namespace sqlite

}  // namespace plasticity
