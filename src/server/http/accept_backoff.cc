#include "server/http/accept_backoff.h"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace plasticity::server {

constexpr std::chrono::milliseconds kFirstDelay{10};
constexpr std::chrono::milliseconds kLongestDelay{1000};

std::chrono::milliseconds AcceptBackoff::failed(const std::string& reason) {
  if (failures_++ == 0) {
    spdlog::error(
        "{}: accepting connections failed ({}); retrying with back-off, silently until "
        "it works again",
        listener_, reason);
  }
  delay_ = std::clamp(delay_ * 2, kFirstDelay, kLongestDelay);
  return delay_;
}

void AcceptBackoff::succeeded() {
  if (failures_ == 0) return;
  spdlog::warn("{}: accepting connections again after {} failed attempts", listener_, failures_);
  failures_ = 0;
  delay_ = std::chrono::milliseconds{0};
}

}  // namespace plasticity::server
