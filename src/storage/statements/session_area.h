// Treatment sessions, vital signs, alarms and device credentials, written once for both engines:
// each method one transaction around the shared statements (session_statements.h,
// vital_statements.h). `Engine` and `Statement` as in staff_area.h.
#pragma once

#include "storage/areas/session_store.h"
#include "storage/statements/first_of.h"
#include "storage/statements/session_statements.h"
#include "storage/statements/vital_statements.h"
#include "storage/treatment_records.h"

namespace plasticity {

template <class Engine, class Statement>
class TreatmentSessionArea : public virtual TreatmentSessionStore {
 public:
  void create_treatment_session(const TreatmentSession& session, const AuditEntry& audit) final {
    engine().write([&](auto& db) {
      statements::insert_treatment_session<Statement>(db, session);
      statements::insert_audit<Statement>(db, audit);
    });
  }

  std::optional<TreatmentSession> find_treatment_session(const std::string& id) final {
    return engine().read([&](auto& db) {
      return statements::first_of(statements::select_sessions<Statement>(
          db, "id = ?1", [&](Statement& st) { st.bind(1, id); }));
    });
  }

  std::vector<TreatmentSession> active_treatment_sessions() final {
    // Listed phase by phase, so the phase index finds them (finished sessions grow with history).
    std::string phases;
    for (const SessionPhase phase : unfinished_phases()) {
      phases += std::string(phases.empty() ? "'" : ", '") + std::string(to_string(phase)) + "'";
    }
    return engine().read([&](auto& db) {
      return statements::select_sessions<Statement>(db, "phase IN (" + phases + ")",
                                                    [](Statement&) {});
    });
  }

  std::vector<TreatmentSession> treatment_sessions_since(UtcTime since) final {
    return engine().read([&](auto& db) {
      return statements::select_sessions<Statement>(
          db, "scheduled_at >= ?1", [&](Statement& st) { st.bind(1, since.epoch_ms); });
    });
  }

  std::vector<TreatmentSession> patient_treatment_sessions(const std::string& patient_id) final {
    return engine().read([&](auto& db) {
      return statements::select_sessions<Statement>(db, "patient_id = ?1",
                                                    [&](Statement& st) { st.bind(1, patient_id); });
    });
  }

  TransitionStatus record_transition(const SessionTransition& transition,
                                     const AuditEntry& audit) final {
    return engine().write([&](auto& db) {
      const TransitionStatus status = statements::apply_transition<Statement>(db, transition);
      if (status == TransitionStatus::ok) statements::insert_audit<Statement>(db, audit);
      return status;
    });
  }

  std::vector<SessionTransition> session_transitions(const std::string& session_id) final {
    return engine().read(
        [&](auto& db) { return statements::session_transitions<Statement>(db, session_id); });
  }

  void record_checklist(const std::vector<ChecklistEntry>& entries, const AuditEntry& audit) final {
    engine().serializable([&](auto& db) {
      statements::insert_checklist<Statement>(db, entries);
      statements::insert_audit<Statement>(db, audit);
    });
  }

  std::vector<ChecklistEntry> session_checklist(const std::string& session_id) final {
    return engine().read(
        [&](auto& db) { return statements::session_checklist<Statement>(db, session_id); });
  }

  void record_session_event(const SessionEvent& event, const AuditEntry& audit) final {
    engine().serializable([&](auto& db) {
      statements::insert_session_event<Statement>(db, event);
      statements::insert_audit<Statement>(db, audit);
    });
  }

  std::vector<SessionEvent> session_events(const std::string& session_id) final {
    return engine().read(
        [&](auto& db) { return statements::session_events<Statement>(db, session_id); });
  }

  std::vector<std::size_t> record_vitals(const std::vector<VitalsBatch>& batches) final {
    return engine().write(
        [&](auto& db) { return statements::insert_vitals<Statement>(db, batches); });
  }

  std::vector<VitalReading> latest_session_vitals(const std::string& session_id) final {
    return engine().read(
        [&](auto& db) { return statements::latest_session_vitals<Statement>(db, session_id); });
  }

  std::vector<VitalReading> session_vitals(const std::string& session_id,
                                           std::optional<UtcTime> since) final {
    return engine().read([&](auto& db) {
      return statements::stored_readings<Statement>(db, session_id, since ? since->epoch_ms : 0);
    });
  }

  SealReport seal_finished_vitals(std::size_t max_sessions, UtcTime now) final {
    // Serializable: two processes sealing at once must not both seal one session.
    return engine().serializable([&](auto& db) {
      return statements::seal_finished_vitals<Statement>(db, max_sessions, now);
    });
  }

  void record_alarm_changes(const SessionAlarmWrite& changes) final {
    engine().write([&](auto& db) { statements::record_alarm_changes<Statement>(db, changes); });
  }

  std::vector<SessionAlarm> session_alarms(const std::string& session_id, bool open_only) final {
    return engine().read([&](auto& db) {
      return statements::select_alarms<Statement>(
          db, "a.session_id = ?1 AND (?2 = 0 OR a.cleared_at IS NULL)",
          [&](Statement& st) { st.bind(1, session_id).bind(2, std::int64_t{open_only}); });
    });
  }

  std::optional<SessionAlarm> find_session_alarm(const std::string& alarm_id) final {
    return engine().read([&](auto& db) {
      return statements::first_of(statements::select_alarms<Statement>(
          db, "a.id = ?1", [&](Statement& st) { st.bind(1, alarm_id); }));
    });
  }

  AcknowledgeStatus acknowledge_session_alarm(const std::string& alarm_id, std::int64_t staff_id,
                                              const std::string& action, UtcTime at, bool clear,
                                              const AuditEntry& audit) final {
    return engine().write([&](auto& db) {
      return statements::acknowledge_session_alarm<Statement>(db, alarm_id, staff_id, action, at,
                                                              clear, audit);
    });
  }

  void create_device_credential(const DeviceCredential& device, const AuditEntry& audit) final {
    engine().write([&](auto& db) {
      statements::upsert_device_credential<Statement>(db, device);
      statements::insert_audit<Statement>(db, audit);
    });
  }

  std::optional<DeviceCredential> find_device_credential(const std::string& token_hash) final {
    return engine().read([&](auto& db) {
      return statements::first_of(statements::select_devices<Statement>(
          db, "token_hash = ?1", [&](Statement& st) { st.bind(1, token_hash); }));
    });
  }

  std::vector<DeviceCredential> device_credentials() final {
    return engine().read([&](auto& db) {
      return statements::select_devices<Statement>(db, "TRUE", [](Statement&) {});
    });
  }

  bool revoke_device(const std::string& device_id, const AuditEntry& audit) final {
    return engine().write([&](auto& db) {
      Statement revoke{db, "DELETE FROM device_credentials WHERE device_id = ?"};
      if (revoke.bind(1, device_id).run() == 0) return false;
      statements::insert_audit<Statement>(db, audit);
      return true;
    });
  }

 private:
  Engine& engine() { return static_cast<Engine&>(*this); }
};

}  // namespace plasticity
