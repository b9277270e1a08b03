// HttpServer: an HTTP/1.1 server on Boost.Beast. `threads` I/O threads parse requests into
// http::Request and write back each http::Response; the handler runs on handler threads (vital
// signs on max(4, 2·threads) of their own, other bodies of 16 KiB or more on `threads` bulk
// ones, the rest on max(4, 2·threads) prompt ones), so a handler waiting on a disk commit holds
// up neither the I/O nor the small requests, and no other client holds up a monitor.
//
// Stopping (stop(), or SIGINT/SIGTERM while run() waits): it stops accepting, lets every request
// already being handled finish and be answered, closes idle keep-alive connections and live
// WebSocket feeds, and returns from run().
//
// Limits, each answered with `refuse` and the connection closed, without calling the handler:
// a malformed request (400), a body over `body_limit_bytes` (413), a target over 8 KiB (414),
// more than 100 header fields or 64 KiB of them (431), more than `max_connections` open at once
// (503). A handler that has not answered within `handler_deadline` is answered 503 for it (its
// own answer, when it comes, is dropped). Requests that `is_reading` picks (a monitor's vital
// signs) run on their own threads, so no other client's work can hold them up.
//
//   HttpServer server{{.address = "127.0.0.1", .port = 0}, handler};
//   std::cout << server.port();   // the port actually bound (useful with port 0)
//   server.run();                 // blocks until stopped
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "server/http/http_types.h"

namespace plasticity::http {

using Handler = std::function<Response(const Request&)>;

struct ServerOptions {
  std::string address = "127.0.0.1";
  unsigned short port = 8080;
  int threads = 4;
  std::size_t body_limit_bytes = 1024 * 1024;
  std::size_t max_connections = 1000;  // HTTP and WebSocket together
  std::chrono::seconds handler_deadline{30};
  // The answer to a request refused before its handler (status, and why for a person), in the
  // handler's problem-document format; plain text when unset.
  std::function<Response(int status, const std::string& detail)> refuse;
  std::function<bool(const Request&)> is_reading;
  // WebSocket upgrades to `live_path`: admit_live answers a refusal (sent as plain HTTP) or
  // nullopt to accept; live_opened then gets the open connection to push messages to. Clients'
  // messages are read and ignored; the feed is one-way.
  std::string live_path;
  std::function<std::optional<Response>(const Request&)> admit_live;
  std::function<void(const Request&, std::weak_ptr<LiveSubscriber>)> live_opened;
};

class HttpServer {
 public:
  HttpServer(ServerOptions options, Handler handler);  // binds and listens, or throws
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  unsigned short port() const;
  // Serves until stop() or SIGINT/SIGTERM, then drains in-flight requests and returns.
  void run();
  // Safe from any thread, including a handler.
  void stop();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace plasticity::http
