// AcceptBackoff: what a listener does when accept() fails (out of file descriptors, EMFILE): wait
// before trying again, longer each time up to a second, and say so in the log once, then once
// more with the count when accepting works again — instead of retrying at once in a loop that
// burns a core and writes 150,000 log lines a second.
//
//   if (ec) timer.expires_after(backoff.failed(ec.message())); ... else backoff.succeeded();
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace plasticity::server {

class AcceptBackoff {
 public:
  explicit AcceptBackoff(std::string listener) : listener_(std::move(listener)) {}
  // How long to wait before the next accept.
  std::chrono::milliseconds failed(const std::string& reason);
  void succeeded();

 private:
  std::string listener_;
  std::uint64_t failures_ = 0;
  std::chrono::milliseconds delay_{0};
};

}  // namespace plasticity::server
