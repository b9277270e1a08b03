// SessionMonitor: the live side of treatment sessions. It stores incoming vital signs (durably,
// before anything is acknowledged), re-judges the session's alarm rules over its recent readings,
// records raised/ended/cleared alarms and publishes all of it to the nurse station's live feed.
// Missing-data alarms need a clock: tick() judges them, called every second by the server.
//
// It keeps a small window of each judged session's recent readings in memory (loaded from the
// store on first use, so a restart loses nothing); judging a session is serialised per session.
//
// Several servers may share one database (storage/areas/server_network.h). Each session is then
// judged by one of them, whichever holds its Duty::judge_session; the others store the readings
// they receive and publish them as vitals frames, which the judge hears (heard_frame) and judges.
// A server that stops judging a session forgets its window, and one that starts reads it afresh;
// a change made elsewhere (session_changed_elsewhere) is read afresh too.
//
//   monitor.ingest(session, readings, audit, now);   // from JSON
//   monitor.ingest_async(session, readings, audit, now, [](std::size_t added,
//                        std::exception_ptr error) { ... });  // from HL7
//   monitor.tick(now);                               // once a second
#pragma once

#include <atomic>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "interop/protocol_json.h"
#include "server/live/live_hub.h"
#include "storage/store.h"
#include "storage/vitals_writer.h"

namespace plasticity::server {

// What it tells the other servers on the database (storage/areas/server_network.h): a session
// changed (its id), or a patient's record did.
inline constexpr const char* kSessionChangedTopic = "session.changed";
inline constexpr const char* kPatientsChangedTopic = "patients.changed";

class SessionMonitor {
 public:
  SessionMonitor(Store& store, const ProtocolCatalog& protocols, LiveHub& hub,
                 int reading_lookback_minutes = kDefaultReadingLookbackMinutes);

  // Why a reading for `session` measured at `measured_at` cannot be stored (a clock in the future,
  // or before the session's readings may start); nullopt when plausible.
  std::optional<std::string> check_time(const TreatmentSession& session, UtcTime measured_at,
                                        UtcTime now) const;

  // Stores the readings (duplicates skipped), then judges alarms; returns how many were new.
  // Throws the store's error (nothing stored then).
  std::size_t ingest(const TreatmentSession& session, const std::vector<VitalReading>& readings,
                     const std::optional<AuditEntry>& audit, UtcTime now);
  // The same without holding the caller's thread: `stored` is always called, once, when the
  // readings are on disk and judged, or with the error when they could not be stored. It runs on
  // the vital-sign writer's notifying thread (the caller's when the store cannot be read), must
  // be short and must not throw: other senders' answers wait for it.
  using Stored = std::function<void(std::size_t added, std::exception_ptr error)>;
  void ingest_async(const TreatmentSession& session, std::vector<VitalReading> readings,
                    std::optional<AuditEntry> audit, UtcTime now, Stored stored);
  // After a phase change: dosing start and baseline, and the nurse station's view.
  void phase_changed(const TreatmentSession& session, UtcTime now);
  // Records who acknowledged the alarm and what they did; it clears at once when its condition
  // already ended. not_found also when the alarm belongs to another session.
  AcknowledgeStatus acknowledge(const TreatmentSession& session, const std::string& alarm_id,
                                std::int64_t staff_id, const std::string& action, UtcTime now,
                                const AuditEntry& audit);
  void tick(UtcTime now);
  // Changes whenever a session changes phase or a patient record changes (patients_changed),
  // here or on another server: what HL7 ingest's cache of MRN → active session is checked
  // against.
  std::uint64_t generation() const { return generation_.load(); }
  void patients_changed();

  // What another server published or changed (the server's announcements, see Api::hear).
  void heard_frame(const std::string& frame, UtcTime now);
  void session_changed_elsewhere(const std::string& session_id);
  void patients_changed_elsewhere() { ++generation_; }
  // After announcements may have been missed: every session is read afresh.
  void resync();

 private:
  struct Watch {
    std::mutex mutex;
    bool loaded = false;  // judged here, and read from the store since
    // This server held the session's judge duty when it last asked: readings heard from another
    // server after a change unloaded the watch must then be judged from the store.
    bool judged_here = false;
    std::vector<AlarmRule> rules;
    std::map<VitalKind, std::vector<TimedValue>> recent;   // sorted by time
    std::map<VitalKind, TimedValue> latest_before_dosing;  // the pre-dose baseline once dosing
    std::optional<UtcTime> dosing_since;
    bool dosing = false;
    std::vector<OpenAlarm> open;
    std::map<std::string, SessionAlarm> records;       // the open alarms whole, for live frames
    std::map<std::string, std::int64_t> audited_hour;  // device sender → hour of its last audit
  };

  std::shared_ptr<Watch> watch(const std::string& session_id);
  // The session's watch if there is one (null otherwise): what another server's news is about.
  std::shared_ptr<Watch> existing_watch(const std::string& session_id);
  // True when this server judges the session (its watch is then loaded); otherwise the watch is
  // left unloaded. Holds watch.mutex.
  bool judging(Watch& watch, const TreatmentSession& session);
  // A device's batch's audit entry, or nullopt when its sender was audited this hour already.
  std::optional<AuditEntry> hourly_audit(Watch& watch, std::optional<AuditEntry> audit);
  // After a failed write: that hour's entry was not stored, so the next batch writes it.
  void forget_audit(Watch& watch, const std::optional<AuditEntry>& audit);
  std::shared_ptr<Watch> loaded_watch(const TreatmentSession& session);
  // The nurse station's frames of these readings (several when they are many, so that each
  // reaches other servers whole), when one is watching here or may be on another server.
  std::vector<std::string> live_frames(const std::string& session_id,
                                       const std::vector<VitalReading>& readings);
  // After new readings are on disk: the live frames, the window and the alarms.
  void readings_stored(Watch& watch, const TreatmentSession& session,
                       const std::vector<VitalReading>& readings,
                       const std::vector<std::string>& frames, UtcTime now);
  void readings_heard(const std::string& session_id, const std::vector<VitalReading>& readings,
                      UtcTime now);
  void load(Watch& watch, const TreatmentSession& session);
  void remember(Watch& watch, const VitalReading& reading);
  void judge(Watch& watch, const std::string& session_id, UtcTime now);

  Store& store_;
  const ProtocolCatalog& protocols_;
  LiveHub& hub_;
  std::int64_t reading_lookback_ms_;
  std::mutex watches_mutex_;
  std::map<std::string, std::shared_ptr<Watch>> watches_;
  std::atomic<std::uint64_t> generation_{0};
  VitalsWriter writer_;  // last: its threads call back into the members above until they stop
};

}  // namespace plasticity::server
