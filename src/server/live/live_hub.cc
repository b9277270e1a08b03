#include "server/live/live_hub.h"

#include <spdlog/spdlog.h>

#include "server/http/json_text.h"

namespace plasticity::server {

void LiveHub::subscribe(std::weak_ptr<http::LiveSubscriber> subscriber) {
  std::lock_guard lock(mutex_);
  subscribers_.push_back(std::move(subscriber));
}

void LiveHub::publish(const OrderedJson& event, bool urgent) {
  publish_text(json_text(event), urgent);
}

void LiveHub::publish_text(std::string event, bool urgent) {
  if (network_.shared()) {
    try {
      network_.announce(urgent ? kUrgentTopic : kRoutineTopic, event);
    } catch (const std::exception& error) {
      spdlog::error("a live event could not reach the other servers: {}", error.what());
    }
  }
  deliver_here(std::move(event), urgent);
}

void LiveHub::deliver_here(std::string event, bool urgent) {
  const auto message = std::make_shared<const std::string>(std::move(event));
  // Under the lock, so every subscriber sees events in one order; send() only queues.
  std::lock_guard lock(mutex_);
  std::erase_if(subscribers_, [](const auto& weak) { return weak.expired(); });
  for (const auto& weak : subscribers_) {
    if (auto subscriber = weak.lock()) subscriber->send(message, urgent);
  }
}

std::size_t LiveHub::subscriber_count() {
  std::lock_guard lock(mutex_);
  std::erase_if(subscribers_, [](const auto& weak) { return weak.expired(); });
  return subscribers_.size();
}

}  // namespace plasticity::server
