// Hl7Ingest: what Plasticity does with one HL7 v2 message from a monitor or gateway. It reads the
// vital signs (interop/hl7_vitals.h), finds the patient's active session by MRN (and by bed when
// the patient has more than one), stores the readings through the SessionMonitor (durably, so the
// ACK means "on disk") and answers the ACK: AA, or AE/AR with the reason. It never throws and
// always answers: a storage failure is an AE the sender will retry.
//
//   Hl7Ingest ingest{store, monitor, clock};
//   ingest.handle(message_text, "10.0.0.7", [](std::string ack) { /* send it */ });
#pragma once

#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "interop/hl7_v2.h"
#include "server/api.h"
#include "server/live/session_monitor.h"

namespace plasticity::server {

class Hl7Ingest {
 public:
  // Receives the ACK, once: at once for a message refused, else when its readings are on disk
  // (on the vital-sign writer's thread).
  using Reply = std::function<void(std::string ack)>;

  Hl7Ingest(Store& store, SessionMonitor& monitor, Clock clock);
  void handle(std::string_view message_text, const std::string& peer, Reply reply);

 private:
  std::string ack_id();
  std::string stored_nothing(const hl7::Message& message, UtcTime now);
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
