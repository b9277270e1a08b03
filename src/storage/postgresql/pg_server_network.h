// The servers on one PostgreSQL database (areas/server_network.h), on three connections of their
// own, none from the request pool (a full pool must not hold up a live frame or a duty's check):
//  - announcing: a sender thread drains a queue and NOTIFYs channel "plasticity" with as many
//    announcements a payload as fit in one, all of a round in one transaction, so the vital-sign
//    path never waits for a round trip;
//  - hearing: a listener thread LISTENs, skips its own server's payloads (each starts with the
//    sender's random origin) and, after reconnecting from a lost connection, hears a resync;
//  - duties: session-level advisory locks (class "PLJ" + duty, key hashtext(id)), taken with
//    pg_try_advisory_lock, so a duty is one server's until it lets go or its connection closes.
//    Two ids of one hash are one lock: one server then has both duties, still never two servers.
//
//   Network network{url};
//   network.listen(heard);
//   network.announce("patients", "");
#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include "storage/areas/server_network.h"
#include "storage/postgresql/pg_connection.h"

namespace plasticity::postgresql {

class Network {
 public:
  explicit Network(DatabaseUrl url);
  // Sends what is queued, then stops both threads.
  ~Network();
  Network(const Network&) = delete;
  Network& operator=(const Network&) = delete;

  void announce(const std::string& topic, const std::string& message);
  void listen(std::function<void(const Announcement&)> heard);
  bool claim(Duty duty, const std::string& id);
  void release_all_but(Duty duty, const std::set<std::string>& kept);

 private:
  void send_queued(std::stop_token stop);
  void send(const std::vector<Announcement>& round);
  void hear(std::stop_token stop);
  void hear_payload(std::string_view payload);
  // The duties' connection, checked at most once a second: a lost one took its locks with it.
  Connection* duties_connection();
  void lose_duties();

  const DatabaseUrl url_;
  const DatabaseUrl idle_url_;  // url_ with TCP keepalives, for the connections that idle
  const std::string origin_;    // this server's, at the start of each payload it sends

  std::mutex queue_mutex_;
  std::condition_variable_any queued_;
  std::vector<Announcement> queue_;
  bool overflowing_ = false;  // said once until the queue drains
  std::unique_ptr<Connection> sender_;
  std::jthread sender_thread_;  // after what it uses

  std::function<void(const Announcement&)> heard_;
  std::jthread listener_thread_;

  std::mutex duties_mutex_;
  std::unique_ptr<Connection> duties_;
  std::chrono::steady_clock::time_point duties_checked_;
  std::map<Duty, std::set<std::string>> held_;
  std::map<Duty, std::map<std::string, std::chrono::steady_clock::time_point>> elsewhere_;
};

}  // namespace plasticity::postgresql
