// HttpServer: an HTTP/1.1 server on Boost.Beast. `threads` I/O threads parse requests into
// http::Request and write back each http::Response; the handler runs on handler threads (bodies
// of 16 KiB or more on `threads` bulk ones, the rest on max(4, 2·threads) prompt ones), so a
// handler waiting on a disk commit holds up neither the I/O nor the small requests.
//
// Stopping (stop(), or SIGINT/SIGTERM while run() waits): it stops accepting, lets every request
// already being handled finish and be answered, closes idle keep-alive connections and live
// WebSocket feeds, and returns from run(). Bodies over `body_limit_bytes` are answered 413 without
// calling the handler.
//
//   HttpServer server{{.address = "127.0.0.1", .port = 0}, handler};
//   std::cout << server.port();   // the port actually bound (useful with port 0)
//   server.run();                 // blocks until stopped
#pragma once

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
  // What to answer when a body is too large (the handler's problem-document format); plain text
  // when unset.
  std::function<Response(std::size_t limit)> too_large;
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
