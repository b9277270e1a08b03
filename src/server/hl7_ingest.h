// Hl7Ingest: what Plasticity does with one HL7 v2 message from a monitor or gateway. It reads the
// vital signs (interop/hl7_vitals.h), finds the patient's active session by MRN (and by bed when
// the patient has more than one), stores the readings through the SessionMonitor (durably, so the
// ACK means "on disk") and answers the ACK: AA, or AE/AR with the reason. It never throws: a
// storage failure is an AE the sender will retry.
//
//   Hl7Ingest ingest{store, monitor, clock};
//   std::string ack = ingest.handle(message_text, "10.0.0.7");
#pragma once

#include <atomic>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "server/api.h"
#include "server/session_monitor.h"

namespace plasticity::server {

class Hl7Ingest {
 public:
  Hl7Ingest(Store& store, SessionMonitor& monitor, Clock clock);
  std::string handle(std::string_view message_text, const std::string& peer);

 private:
  std::string ack_id();
  // The session an (MRN, bed) names, looked up once per generation of the monitor: a monitor
  // sends every few seconds, and two reads a message were most of the per-message work.
  std::optional<TreatmentSession> cached_session(const std::string& key);
  void remember_session(const std::string& key, std::uint64_t generation,
                        const TreatmentSession& session);

  Store& store_;
  SessionMonitor& monitor_;
  Clock clock_;
  std::atomic<std::uint64_t> acks_{0};
  struct CachedSession {
    std::uint64_t generation = 0;
    TreatmentSession session;
  };
  std::mutex cache_mutex_;
  std::unordered_map<std::string, CachedSession> sessions_;
};

}  // namespace plasticity::server
