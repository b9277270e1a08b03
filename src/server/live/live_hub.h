// LiveHub: the nurse station's live feed. Routes and the session monitor publish events (new
// vitals, alarms raised or acknowledged, phase changes) as JSON; every subscribed WebSocket gets
// each event once, in publication order. Subscribers that went away are dropped on the next
// publish.
//
//   hub.subscribe(connection);                       // from the WebSocket upgrade
//   hub.publish({{"type", "alarm"}, {"alarm", ...}});
#pragma once

#include <memory>
#include <mutex>
#include <vector>

#include "server/http/http_types.h"
#include "server/http/request_support.h"

namespace plasticity::server {

class LiveHub {
 public:
  void subscribe(std::weak_ptr<http::LiveSubscriber> subscriber);
  // Alarms and phase changes are urgent; vital signs are routine (see LiveSubscriber).
  void publish(const OrderedJson& event, bool urgent = true);
  // The same for an event already serialised (built off the publishing thread).
  void publish_text(std::string event, bool urgent);
  std::size_t subscriber_count();

 private:
  std::mutex mutex_;
  std::vector<std::weak_ptr<http::LiveSubscriber>> subscribers_;
};

}  // namespace plasticity::server
