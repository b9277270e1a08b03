// LiveHub: the nurse station's live feed. Routes and the session monitor publish events (new
// vitals, alarms raised or acknowledged, phase changes) as JSON; every subscribed WebSocket gets
// each event once, in publication order. Subscribers that went away are dropped on the next
// publish. Other servers on the same database are told of each event too (topics kUrgentTopic and
// kRoutineTopic), and pass what they hear to their own subscribers with deliver_here, so a nurse
// station sees every chair whichever server it is connected to.
//
//   hub.subscribe(connection);                       // from the WebSocket upgrade
//   hub.publish({{"type", "alarm"}, {"alarm", ...}});
#pragma once

#include <memory>
#include <mutex>
#include <vector>

#include "server/http/http_types.h"
#include "server/http/request_support.h"
#include "storage/areas/server_network.h"

namespace plasticity::server {

inline constexpr const char* kUrgentTopic = "live.urgent";
inline constexpr const char* kRoutineTopic = "live.routine";
// A live frame other servers can be told of whole (a vitals frame is split to fit).
inline constexpr std::size_t kMaxFrameBytes = kMaxAnnouncementBytes - 16;

class LiveHub {
 public:
  explicit LiveHub(ServerNetwork& network) : network_(network) {}

  void subscribe(std::weak_ptr<http::LiveSubscriber> subscriber);
  // Alarms and phase changes are urgent; vital signs are routine (see LiveSubscriber).
  void publish(const OrderedJson& event, bool urgent = true);
  // The same for an event already serialised (built off the publishing thread).
  void publish_text(std::string event, bool urgent);
  // An event another server published: to this server's subscribers only.
  void deliver_here(std::string event, bool urgent);
  std::size_t subscriber_count();

 private:
  ServerNetwork& network_;
  std::mutex mutex_;
  std::vector<std::weak_ptr<http::LiveSubscriber>> subscribers_;
};

}  // namespace plasticity::server
