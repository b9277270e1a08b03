// The only translation unit that includes Beast (see http_server.h). One Connection object per
// TCP connection, on its own strand, in the do_x/on_x style of the Beast examples.
#include "server/http/http_server.h"

#include <spdlog/spdlog.h>

#include <array>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>  // Asio 1.18's awaitable.hpp needs std::exchange under GCC 12 (STACK.md)
#include <vector>

#include "server/http/accept_backoff.h"

namespace plasticity::http {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace websocket = beast::websocket;
using tcp = net::ip::tcp;

namespace {

constexpr auto kReadTimeout = std::chrono::seconds(60);
constexpr auto kWriteTimeout = std::chrono::seconds(60);
// Header fields: 64 KiB in all, at most 100 of them, a target of at most 8 KiB (the common limits
// of servers and proxies; RFC 9110 §4.1 asks for at least 8,000 octets of target).
constexpr std::uint32_t kHeaderLimitBytes = 64 * 1024;
constexpr std::size_t kMaxHeaderFields = 100;
constexpr std::size_t kMaxTargetBytes = 8 * 1024;
constexpr auto kDrainTimeout = std::chrono::seconds(10);
constexpr auto kLingerTimeout = std::chrono::seconds(5);
// A live client that falls this far behind is dropped (it reconnects and reloads) rather than
// let its queue grow without bound.
constexpr std::size_t kMaxQueuedLiveMessages = 10'000;
// Requests with a body at least this large (a gateway's batch of readings, an import) are bulk
// work: they run on their own handler threads, so a nurse's click or a monitor's single reading
// never waits behind them for a thread.
constexpr std::size_t kBulkBodyBytes = 16 * 1024;

Request to_request(bhttp::request<bhttp::string_body>&& message, const std::string& client) {
  Request request;
  request.method = std::string(message.method_string());
  request.target = std::string(message.target());
  for (const auto& field : message) {
    std::string name(field.name_string());
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    request.headers[name] = std::string(field.value());
  }
  request.body = std::move(message.body());
  request.client_address = client;
  return request;
}

}  // namespace

class Connection;
class LiveSocket;

// What the server and its connections share.
struct ServerState {
  ServerOptions options;
  Handler handler;
  // Handlers run here, not on the I/O threads: a handler may wait on a disk commit for
  // milliseconds, and meanwhile the I/O threads keep reading requests and writing live frames (an
  // alarm's frame must not wait for a thread behind batches of readings).
  std::optional<net::thread_pool> bulk_handlers, prompt_handlers, reading_handlers;
  std::atomic<bool> stopping{false};
  std::atomic<int> live_connections{0};
  std::atomic<bool> finished{false};  // run() has returned: the io_context takes no more work
  std::mutex connections_mutex;
  std::vector<std::weak_ptr<Connection>> connections;
  std::vector<std::weak_ptr<LiveSocket>> live_sockets;
  std::function<void()> on_drained;

  Response refusal(int status, const std::string& detail) const {
    if (options.refuse) return options.refuse(status, detail);
    return Response{status, "text/plain", {}, detail + "\n"};
  }
};

// Why Beast could not read a request, as the status to answer; nullopt when there is nobody to
// answer (the client left, the read timed out, the server is stopping).
std::optional<std::pair<int, std::string>> read_refusal(beast::error_code ec,
                                                        bool request_line_read,
                                                        std::size_t body_limit) {
  if (ec == bhttp::error::body_limit) {
    return std::pair{
        413, "the body is larger than the limit of " + std::to_string(body_limit) + " bytes"};
  }
  if (ec == bhttp::error::header_limit) {
    // The request line itself is what is too long.
    if (!request_line_read) {
      return std::pair{
          414, "the request target is longer than " + std::to_string(kMaxTargetBytes) + " bytes"};
    }
    return std::pair{
        431, "the header fields are larger than " + std::to_string(kHeaderLimitBytes) + " bytes"};
  }
  if (ec.category() != beast::error_code(bhttp::error::end_of_stream).category() ||
      ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message ||
      ec == bhttp::error::short_read) {
    return std::nullopt;
  }
  return std::pair{400, "the request is not well-formed HTTP/1.1 (" + ec.message() + ")"};
}

// A request Beast read that breaks a limit it does not check itself.
std::optional<std::pair<int, std::string>> limit_refusal(
    const bhttp::request<bhttp::string_body>& message) {
  if (message.target().size() > kMaxTargetBytes) {
    return std::pair{
        414, "the request target is longer than " + std::to_string(kMaxTargetBytes) + " bytes"};
  }
  if (std::distance(message.begin(), message.end()) > static_cast<long>(kMaxHeaderFields)) {
    return std::pair{
        431, "the request has more than " + std::to_string(kMaxHeaderFields) + " header fields"};
  }
  return std::nullopt;
}

// One WebSocket of the live feed: messages are queued and written one at a time on the socket's
// strand; reads only watch for the client closing.
class LiveSocket : public LiveSubscriber, public std::enable_shared_from_this<LiveSocket> {
 public:
  LiveSocket(beast::tcp_stream&& stream, ServerState& state)
      : ws_(std::move(stream)), state_(state) {
    ++state_.live_connections;
  }

  ~LiveSocket() override {
    if (--state_.live_connections == 0 && state_.stopping && !state_.finished) state_.on_drained();
  }

  void start(bhttp::request<bhttp::string_body> upgrade, Request request) {
    upgrade_ = std::move(upgrade);
    request_ = std::move(request);
    beast::get_lowest_layer(ws_).expires_never();
    ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
    // Subscribed before the handshake, with its frames held until the handshake is done: a client
    // that sees the socket open has missed nothing published since (an alarm raised meanwhile).
    writing_ = true;
    state_.options.live_opened(request_, shared_from_this());
    ws_.async_accept(upgrade_, [self = shared_from_this()](beast::error_code ec) {
      if (ec) {
        self->closing_ = true;
        return;
      }
      {
        std::lock_guard lock(self->state_.connections_mutex);
        std::erase_if(self->state_.live_sockets, [](const auto& weak) { return weak.expired(); });
        self->state_.live_sockets.push_back(self);
      }
      self->do_write();  // what was published during the handshake
      self->do_read();
    });
  }

  void send(std::shared_ptr<const std::string> message, bool urgent) override {
    net::post(ws_.get_executor(),
              [self = shared_from_this(), message = std::move(message), urgent] {
                if (self->closing_) return;
                if (self->urgent_.size() + self->routine_.size() >= kMaxQueuedLiveMessages) {
                  return self->close();
                }
                (urgent ? self->urgent_ : self->routine_).push_back(message);
                if (!self->writing_) self->do_write();
              });
  }

  void close() override {
    net::post(ws_.get_executor(), [self = shared_from_this()] { self->close_now(); });
  }

 private:
  void do_read() {
    ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) {
        self->closing_ = true;
        return;
      }
      self->buffer_.clear();
      self->do_read();
    });
  }

  // One write at a time (Beast allows no more); the next message is taken when it is done, urgent
  // ones first.
  void do_write() {
    auto& queue = urgent_.empty() ? routine_ : urgent_;
    if (queue.empty() || closing_) {
      writing_ = false;
      return;
    }
    writing_ = true;
    in_flight_ = std::move(queue.front());
    queue.pop_front();
    ws_.text(true);
    ws_.async_write(net::buffer(*in_flight_),
                    [self = shared_from_this()](beast::error_code ec, std::size_t) {
                      if (ec) {
                        self->closing_ = true;
                        self->writing_ = false;
                        return;
                      }
                      self->do_write();
                    });
  }

  void close_now() {
    if (closing_) return;
    closing_ = true;
    ws_.async_close(websocket::close_code::going_away,
                    [self = shared_from_this()](beast::error_code) {});
  }

  websocket::stream<beast::tcp_stream> ws_;
  ServerState& state_;
  bhttp::request<bhttp::string_body> upgrade_;
  Request request_;  // as the Api saw it when admitting the client
  beast::flat_buffer buffer_;
  std::deque<std::shared_ptr<const std::string>> urgent_;
  std::deque<std::shared_ptr<const std::string>> routine_;
  std::shared_ptr<const std::string> in_flight_;
  bool writing_ = false;
  bool closing_ = false;
};

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(tcp::socket&& socket, ServerState& state)
      : stream_(std::move(socket)), deadline_(stream_.get_executor()), state_(state) {
    beast::error_code ec;
    const auto remote = stream_.socket().remote_endpoint(ec);
    client_ = ec ? "unknown" : remote.address().to_string();
    ++state_.live_connections;
  }

  ~Connection() {
    if (--state_.live_connections == 0 && state_.stopping && !state_.finished) state_.on_drained();
  }

  void start() {
    net::dispatch(stream_.get_executor(),
                  beast::bind_front_handler(&Connection::do_read, shared_from_this()));
  }

  // Over the connection cap: answered 503 at once, without reading, then closed.
  void refuse_overflow() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] {
      self->write(self->state_
                      .refusal(503,
                               "the server has too many open connections; try again "
                               "shortly")
                      .with_header("Retry-After", "1"),
                  11, false);
    });
  }

  // Answers what is in flight, then closes; an idle connection closes at once.
  void close_when_idle() {
    net::post(stream_.get_executor(), [self = shared_from_this()] {
      self->closing_ = true;
      if (self->reading_) {
        beast::error_code ignored;
        self->stream_.socket().cancel(ignored);
      }
    });
  }

 private:
  void do_read() {
    if (closing_) return do_close();
    parser_.emplace();
    parser_->body_limit(state_.options.body_limit_bytes);
    parser_->header_limit(kHeaderLimitBytes);
    stream_.expires_after(kReadTimeout);
    reading_ = true;
    bhttp::async_read(stream_, buffer_, *parser_,
                      beast::bind_front_handler(&Connection::on_read, shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t) {
    reading_ = false;
    if (ec) {
      const bool request_line_read = !parser_->get().target().empty();
      if (auto refusal = read_refusal(ec, request_line_read, state_.options.body_limit_bytes)) {
        return write(state_.refusal(refusal->first, refusal->second), 11, false);
      }
      return do_close();  // end of stream, timeout, cancelled at shutdown
    }
    auto message = parser_->release();
    if (auto refusal = limit_refusal(message)) {
      return write(state_.refusal(refusal->first, refusal->second), message.version(), false);
    }
    if (websocket::is_upgrade(message) && !state_.options.live_path.empty() &&
        message.target() == state_.options.live_path && !state_.stopping) {
      return upgrade(std::move(message));
    }
    handle(std::move(message));
  }

  // Runs the handler on a handler thread; whichever comes first on this strand is written: its
  // answer, or 503 when the deadline passes (the late answer is then dropped).
  void handle(bhttp::request<bhttp::string_body>&& message) {
    const unsigned version = message.version();
    const bool keep_alive = message.keep_alive();
    const bool bulk = message.body().size() >= kBulkBodyBytes;
    Request request = to_request(std::move(message), client_);
    const bool reading = state_.options.is_reading && state_.options.is_reading(request);
    auto& pool = reading ? *state_.reading_handlers
                 : bulk  ? *state_.bulk_handlers
                         : *state_.prompt_handlers;
    auto answered = std::make_shared<bool>(false);  // read and written on this strand only
    deadline_.expires_after(state_.options.handler_deadline);
    deadline_.async_wait([self = shared_from_this(), answered, version](beast::error_code ec) {
      if (ec || *answered) return;
      *answered = true;
      spdlog::error("a request ran past the {} s deadline: answered 503",
                    self->state_.options.handler_deadline.count());
      self->write(self->state_.refusal(503,
                                       "the request took too long and was abandoned; it may "
                                       "or may not have been carried out"),
                  version, false);
    });
    // The work guard keeps the I/O threads running until the answer is written, even when the
    // server is stopping and nothing else is left to do.
    net::post(pool, [self = shared_from_this(), request = std::move(request), version, keep_alive,
                     answered, work = net::make_work_guard(stream_.get_executor())] {
      Response response;
      try {
        response = self->state_.handler(request);
      } catch (const std::exception& error) {
        spdlog::error("request handler failed: {}", error.what());
        response = Response{500, "text/plain", {}, "internal error\n"};
      }
      net::post(self->stream_.get_executor(),
                [self, response = std::move(response), version, keep_alive, answered]() mutable {
                  if (*answered) return;
                  *answered = true;
                  self->deadline_.cancel();
                  self->write(std::move(response), version, keep_alive);
                });
    });
  }

  // Hands the TCP stream to a LiveSocket when the Api admits the client; else answers the refusal.
  void upgrade(bhttp::request<bhttp::string_body>&& message) {
    std::optional<Response> refusal;
    auto copy = message;
    Request request = to_request(std::move(copy), client_);
    try {
      refusal = state_.options.admit_live(request);
    } catch (const std::exception& error) {
      spdlog::error("live feed admission failed: {}", error.what());
      refusal = Response{500, "text/plain", {}, "internal error\n"};
    }
    if (refusal) return write(std::move(*refusal), message.version(), false);
    std::make_shared<LiveSocket>(std::move(stream_), state_)
        ->start(std::move(message), std::move(request));
  }

  void write(Response response, unsigned version, bool keep_alive) {
    auto message = std::make_shared<bhttp::response<bhttp::string_body>>(
        static_cast<bhttp::status>(response.status), version);
    message->set(bhttp::field::server, "Plasticity");
    message->set(bhttp::field::content_type, response.content_type);
    for (auto& [name, value] : response.headers) message->insert(name, value);
    message->body() = std::move(response.body);
    message->keep_alive(keep_alive && !closing_ && !state_.stopping);
    message->prepare_payload();
    stream_.expires_after(kWriteTimeout);  // the read's expiry may have passed while handling
    bhttp::async_write(stream_, *message,
                       [self = shared_from_this(), message](beast::error_code ec, std::size_t) {
                         self->on_write(ec, message->need_eof());
                       });
  }

  void on_write(beast::error_code ec, bool close) {
    if (ec || close) return do_close();
    do_read();
  }

  // Closes our side, then reads and discards what the client is still sending (the rest of a body
  // refused as too large) for a bounded time: closing with unread data would reset the connection
  // and the client could lose the response.
  void do_close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.expires_after(kLingerTimeout);
    do_drain();
  }

  void do_drain() {
    stream_.async_read_some(net::buffer(drain_buffer_),
                            [self = shared_from_this()](beast::error_code ec, std::size_t) {
                              if (!ec) self->do_drain();
                            });
  }

  beast::tcp_stream stream_;
  net::steady_timer deadline_;
  ServerState& state_;
  std::string client_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::array<char, 16 * 1024> drain_buffer_;
  bool reading_ = false;
  bool closing_ = false;
};

class HttpServer::Impl {
 public:
  Impl(ServerOptions options, Handler handler)
      : io_(options.threads),
        acceptor_(net::make_strand(io_)),
        signals_(io_, SIGINT, SIGTERM),
        drain_timer_(io_),
        accept_timer_(acceptor_.get_executor()) {
    state_.bulk_handlers.emplace(static_cast<std::size_t>(options.threads));
    state_.reading_handlers.emplace(static_cast<std::size_t>(std::max(4, 2 * options.threads)));
    state_.prompt_handlers.emplace(static_cast<std::size_t>(std::max(4, 2 * options.threads)));
    state_.options = std::move(options);
    state_.handler = std::move(handler);
    state_.on_drained = [this] { net::post(io_, [this] { drain_timer_.cancel(); }); };
    const tcp::endpoint endpoint{net::ip::make_address(state_.options.address),
                                 state_.options.port};
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(net::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(net::socket_base::max_listen_connections);
  }

  unsigned short port() const { return acceptor_.local_endpoint().port(); }

  void run() {
    signals_.async_wait([this](beast::error_code ec, int signal) {
      if (!ec) {
        spdlog::info("signal {} received: finishing requests in flight, then stopping", signal);
        stop();
      }
    });
    do_accept();
    std::vector<std::thread> pool;
    for (int i = 1; i < state_.options.threads; ++i) pool.emplace_back([this] { io_.run(); });
    io_.run();
    for (auto& thread : pool) thread.join();
    state_.bulk_handlers->join();  // a handler still running finishes; its answer is not sent
    state_.prompt_handlers->join();
    state_.reading_handlers->join();
    state_.finished = true;
  }

  void stop() {
    net::post(io_, [this] {
      if (state_.stopping.exchange(true)) return;
      beast::error_code ignored;
      signals_.cancel(ignored);
      net::post(acceptor_.get_executor(), [this] {
        beast::error_code ignored_too;
        acceptor_.close(ignored_too);
        accept_timer_.cancel();
      });
      std::lock_guard lock(state_.connections_mutex);
      for (auto& weak : state_.connections) {
        if (auto connection = weak.lock()) connection->close_when_idle();
      }
      for (auto& weak : state_.live_sockets) {
        if (auto socket = weak.lock()) socket->close();
      }
      if (state_.live_connections == 0) return;
      // A request that never finishes must not keep the server up for ever.
      drain_timer_.expires_after(kDrainTimeout);
      drain_timer_.async_wait([this](beast::error_code ec) {
        if (ec) return;
        spdlog::warn("requests still running after {} s: stopping anyway", kDrainTimeout.count());
        io_.stop();
      });
    });
  }

 private:
  void do_accept() {
    acceptor_.async_accept(net::make_strand(io_), [this](beast::error_code ec, tcp::socket socket) {
      if (!acceptor_.is_open()) return;
      if (ec) {
        // Out of file descriptors: the pending connection stays queued; wait, then try again.
        accept_timer_.expires_after(backoff_.failed(ec.message()));
        accept_timer_.async_wait([this](beast::error_code timer_ec) {
          if (!timer_ec) do_accept();
        });
        return;
      }
      backoff_.succeeded();
      auto connection = std::make_shared<Connection>(std::move(socket), state_);
      if (static_cast<std::size_t>(state_.live_connections) > state_.options.max_connections) {
        connection->refuse_overflow();
      } else {
        remember(connection);
        connection->start();
      }
      do_accept();
    });
  }

  void remember(const std::shared_ptr<Connection>& connection) {
    std::lock_guard lock(state_.connections_mutex);
    std::erase_if(state_.connections, [](const auto& weak) { return weak.expired(); });
    state_.connections.push_back(connection);
  }

  ServerState state_;
  net::io_context io_;
  tcp::acceptor acceptor_;
  net::signal_set signals_;
  net::steady_timer drain_timer_;
  net::steady_timer accept_timer_;  // on the acceptor's strand
  server::AcceptBackoff backoff_{"HTTP listener"};
};

HttpServer::HttpServer(ServerOptions options, Handler handler)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler))) {}

HttpServer::~HttpServer() = default;

unsigned short HttpServer::port() const { return impl_->port(); }

void HttpServer::run() { impl_->run(); }

void HttpServer::stop() { impl_->stop(); }

}  // namespace plasticity::http
