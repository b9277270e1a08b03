// Treatment sessions: phases, checklists, chair records, vital signs, alarms and the monitors that
// send them. Part of the Store (storage/store.h), whose contract every method keeps.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/utc_time.h"
#include "storage/areas/audit_store.h"
#include "storage/areas/common.h"
#include "storage/treatment_records.h"

namespace plasticity {

// One sender's vital signs for one session, with the audit entry that records their receipt.
struct VitalsBatch {
  std::string session_id;
  std::vector<VitalReading> readings;
  std::optional<AuditEntry> audit;
};

// What one sealing pass did (TreatmentSessionStore::seal_finished_vitals).
struct SealReport {
  std::size_t sessions = 0;
  std::size_t readings = 0;
  bool more = false;  // finished sessions with readings still to seal
};

class TreatmentSessionStore {
 public:
  virtual ~TreatmentSessionStore() = default;

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
  // readings of each batch were new (readings already stored, same session, device, kind and
  // measurement time, are skipped). Each batch's audit entry is written with it when given. Throws
  // when any batch cannot be stored, storing none. Many senders' batches share a commit through
  // storage/vitals_writer.h.
  virtual std::vector<std::size_t> record_vitals(const std::vector<VitalsBatch>& batches) = 0;
  // The latest reading of each kind (by measurement time), by kind: kept as readings are stored,
  // so the nurse station does not read the session's history.
  virtual std::vector<VitalReading> latest_session_vitals(const std::string& session_id) = 0;
  // Oldest first (by time, kind, device); only those measured at or after `since` when given.
  // Sealed readings come back exactly as they were stored.
  virtual std::vector<VitalReading> session_vitals(const std::string& session_id,
                                                   std::optional<UtcTime> since) = 0;
  // Seals the readings of up to `max_sessions` finished (discharged or aborted) sessions into
  // compact blocks (storage/vital_block.h), in one transaction with an audit entry: a few at a
  // time, so the writer is not held from live sessions' readings for long.
  virtual SealReport seal_finished_vitals(std::size_t max_sessions, UtcTime now) = 0;

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
};

}  // namespace plasticity
