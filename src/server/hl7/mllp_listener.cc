// Asio is confined to this file and http/http_server.cc.
#include "server/hl7/mllp_listener.h"

#include <spdlog/spdlog.h>

#include <array>
#include <atomic>
#include <boost/asio.hpp>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <utility>  // Asio 1.18's awaitable.hpp needs std::exchange under GCC 12 (STACK.md)
#include <vector>

#include "server/hl7/mllp_framer.h"
#include "server/http/accept_backoff.h"

namespace plasticity::mllp {

namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

constexpr auto kIdleTimeout = std::chrono::minutes(10);

// The replies handed out and not yet called or dropped: run() returns only when none are left,
// so no reply reaches a connection whose I/O context is gone.
class RepliesOut {
 public:
  void add() {
    std::lock_guard lock(mutex_);
    ++count_;
  }
  void remove() {
    std::lock_guard lock(mutex_);
    if (--count_ == 0) none_.notify_all();
  }
  void wait_none() {
    std::unique_lock lock(mutex_);
    none_.wait(lock, [this] { return count_ == 0; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable none_;
  std::size_t count_ = 0;
};

// One sender's connection: read, frame, handle, answer, repeat.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, const MessageHandler& handler, std::size_t limit, RepliesOut& out,
          std::atomic<std::size_t>& open)
      : socket_(std::move(socket)),
        timer_(socket_.get_executor()),
        handler_(handler),
        framer_(limit),
        replies_out_(out),
        open_(open) {
    ++open_;
    boost::system::error_code ec;
    const auto remote = socket_.remote_endpoint(ec);
    peer_ = ec ? "unknown" : remote.address().to_string();
  }

  ~Session() { --open_; }

  void start() { do_read(); }

  void close() {
    net::post(socket_.get_executor(), [self = shared_from_this()] {
      boost::system::error_code ignored;
      self->socket_.close(ignored);
      self->timer_.cancel();
    });
  }

 private:
  void do_read() {
    timer_.expires_after(kIdleTimeout);
    timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
      if (!ec) self->close();
    });
    socket_.async_read_some(net::buffer(chunk_), [self = shared_from_this()](
                                                     boost::system::error_code ec, std::size_t n) {
      self->timer_.cancel();
      if (ec) return;
      self->framer_.append(std::string_view(self->chunk_.data(), n));
      self->process();
    });
  }

  // Answers every complete frame in the buffer, in order, then reads on.
  void process() {
    std::string message;
    switch (framer_.next(message)) {
      case MllpFramer::Next::message:
        return hand_over(message, false);
      case MllpFramer::Next::need_more:
        return do_read();
      case MllpFramer::Next::too_large:
        return hand_over("", true);  // rejected, then closed
    }
  }

  // Nothing is read meanwhile: the next frame is processed once this one's answer is written.
  void hand_over(std::string_view message, bool then_close) {
    try {
      handler_(message, peer_, reply(then_close));
    } catch (const std::exception& error) {
      spdlog::error("MLLP handler failed: {}", error.what());
      close();
    }
  }

  // The answer is written on this connection's strand, whichever thread gives it.
  Reply reply(bool then_close) {
    struct Out {
      std::shared_ptr<Session> session;
      RepliesOut& out;
      Out(std::shared_ptr<Session> s, RepliesOut& o) : session(std::move(s)), out(o) { out.add(); }
      ~Out() {
        session.reset();  // before counting it gone: the session must not outlive its context
        out.remove();
      }
    };
    auto out = std::make_shared<Out>(shared_from_this(), replies_out_);
    return [out, then_close](std::string ack) {
      auto session = out->session;
      net::post(session->socket_.get_executor(),
                [session, then_close, ack = std::move(ack)]() mutable {
                  session->answer(std::move(ack), then_close);
                });
    };
  }

  void answer(std::string ack, bool then_close) {
    out_ = mllp_frame(ack);
    net::async_write(
        socket_, net::buffer(out_),
        [self = shared_from_this(), then_close](boost::system::error_code ec, std::size_t) {
          if (ec || then_close) return self->close();
          self->process();
        });
  }

  tcp::socket socket_;
  net::steady_timer timer_;
  const MessageHandler& handler_;
  MllpFramer framer_;
  RepliesOut& replies_out_;
  std::atomic<std::size_t>& open_;
  std::string peer_;
  std::array<char, 16 * 1024> chunk_;
  std::string out_;
};

}  // namespace

class MllpListener::Impl {
 public:
  Impl(const std::string& address, unsigned short port, MessageHandler handler, int threads,
       std::size_t limit, std::size_t max_connections)
      : io_(threads),
        acceptor_(net::make_strand(io_)),  // its handlers and its closing never run at once
        accept_timer_(acceptor_.get_executor()),
        handler_(std::move(handler)),
        threads_(threads),
        limit_(limit),
        max_connections_(max_connections) {
    const tcp::endpoint endpoint{net::ip::make_address(address), port};
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(net::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen();
  }

  unsigned short port() const { return acceptor_.local_endpoint().port(); }

  void run() {
    do_accept();
    std::vector<std::thread> pool;
    for (int i = 1; i < threads_; ++i) pool.emplace_back([this] { io_.run(); });
    io_.run();
    for (auto& thread : pool) thread.join();
    replies_out_.wait_none();
  }

  void stop() {
    net::post(acceptor_.get_executor(), [this] {
      boost::system::error_code ignored;
      acceptor_.close(ignored);
      accept_timer_.cancel();
      io_.stop();
    });
  }

 private:
  void do_accept() {
    acceptor_.async_accept(
        net::make_strand(io_), [this](boost::system::error_code ec, tcp::socket socket) {
          if (!acceptor_.is_open()) return;
          if (ec) {
            accept_timer_.expires_after(backoff_.failed(ec.message()));
            accept_timer_.async_wait([this](boost::system::error_code timer_ec) {
              if (!timer_ec) do_accept();
            });
            return;
          }
          backoff_.succeeded();
          if (open_ >= max_connections_) {
            // Closed at once: a sender reconnects later, and nothing it sent was acknowledged.
            if (refused_++ == 0) {
              spdlog::warn("MLLP: {} connections open, the most allowed; refusing more",
                           max_connections_);
            }
            boost::system::error_code ignored;
            socket.close(ignored);
          } else {
            if (refused_ > 0) spdlog::info("MLLP: {} connections were refused", refused_);
            refused_ = 0;
            std::make_shared<Session>(std::move(socket), handler_, limit_, replies_out_, open_)
                ->start();
          }
          do_accept();
        });
  }

  net::io_context io_;
  tcp::acceptor acceptor_;
  net::steady_timer accept_timer_;  // on the acceptor's strand
  server::AcceptBackoff backoff_{"MLLP listener"};
  MessageHandler handler_;
  int threads_;
  std::size_t limit_;
  std::size_t max_connections_;
  std::atomic<std::size_t> open_{0};
  std::uint64_t refused_ = 0;  // in a row; on the acceptor's strand
  RepliesOut replies_out_;
};

MllpListener::MllpListener(const std::string& address, unsigned short port, MessageHandler handler,
                           int threads, std::size_t max_message_bytes, std::size_t max_connections)
    : impl_(std::make_unique<Impl>(address, port, std::move(handler), threads, max_message_bytes,
                                   max_connections)) {}

MllpListener::~MllpListener() = default;

unsigned short MllpListener::port() const { return impl_->port(); }

void MllpListener::run() { impl_->run(); }

void MllpListener::stop() { impl_->stop(); }

}  // namespace plasticity::mllp
