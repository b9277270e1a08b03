// The servers that share one database: what they tell each other (a session changed, a patient's
// MRN moved, the settings were saved, a live frame for the nurse stations connected elsewhere) and
// which of them does what only one may do (judge a session's alarm rules, e-mail the outbox, run
// a bulk export).
// Part of the Store (storage/store.h).
//
// A SQLite clinic has one server, so there announcing reaches nobody and every duty is its own.
// On PostgreSQL announcements travel by NOTIFY and duties are advisory locks, so a server that
// dies (its connections close) hands its duties to whichever server claims them next.
//
//   store.listen([&](const Announcement& heard) { ... });   // once, before serving
//   store.announce("session.changed", session_id);
//   if (store.claim(Duty::judge_session, session_id)) judge(...);
#pragma once

#include <cstddef>
#include <functional>
#include <set>
#include <string>

#include "storage/areas/common.h"

namespace plasticity {

struct Announcement {
  std::string topic;
  std::string message;
};

// Heard after a gap in which announcements may have been missed (a lost connection): whatever was
// learnt from them must be read again from the database.
inline constexpr const char* kResyncTopic = "resync";
// A topic and message together longer than this are refused (PostgreSQL's NOTIFY payload is at
// most 8,000 bytes; several announcements share one payload when they fit).
inline constexpr std::size_t kMaxAnnouncementBytes = 7'000;

// Throws StoreError for an announcement no engine can carry.
inline void check_announcement(const Announcement& announcement) {
  if (announcement.topic.empty() || announcement.topic.find('\t') != std::string::npos) {
    throw StoreError("an announcement's topic must be a word (got '" + announcement.topic + "')");
  }
  if (announcement.topic.size() + announcement.message.size() > kMaxAnnouncementBytes) {
    throw StoreError("announcement '" + announcement.topic + "' is longer than " +
                     std::to_string(kMaxAnnouncementBytes) + " bytes");
  }
}

// What only one server at a time may do.
enum class Duty {
  judge_session = 1,   // a treatment session's alarm rules (per session id)
  deliver_outbox = 2,  // e-mailing the patient messages that are due (one duty, id "")
  run_export = 3,      // a FHIR bulk export (per job id): held by the server running it
};

class ServerNetwork {
 public:
  virtual ~ServerNetwork() = default;

  // True when other servers may share this database: live frames must then be made even when no
  // nurse station is connected here.
  virtual bool shared() const = 0;
  // Tells every other server (never this one), in order, soon after the call returns; a live
  // frame is worth no more than that. Throws StoreError for an announcement too long.
  virtual void announce(const std::string& topic, const std::string& message) = 0;
  // From now on `heard` is called, on one background thread, with each announcement of another
  // server and with kResyncTopic after a gap; an empty function stops listening (waiting for a
  // call under way). `heard` must not throw.
  virtual void listen(std::function<void(const Announcement&)> heard) = 0;
  // True when this server has the duty for `id`: it had it already, or no other server has it
  // and now this one does (until it releases it or dies). Cheap when it had it; a duty found to
  // be another server's may be taken as still so for up to a second before it is asked again. False
  // also when the database cannot be asked: better a duty left to the next attempt than done twice.
  virtual bool claim(Duty duty, const std::string& id) = 0;
  // Gives up the duty for every id of `duty` but those in `kept`.
  virtual void release_all_but(Duty duty, const std::set<std::string>& kept) = 0;
};

}  // namespace plasticity
