// MllpListener: HL7 v2 over MLLP (the minimal lower layer protocol: <VT> message <FS><CR>) on a
// TCP port, as bedside monitors and interface engines send it. Each framed message is handed to
// `handle` with a reply function; the answer (the ACK) it is given, from any thread, is framed
// and written back before the next message is read, so a sender sees one ACK per message in
// order while no thread waits for it. Bytes outside a frame are skipped; a message larger than
// the limit is answered with a rejection and the connection closed. A malformed message never
// drops the connection: it gets an AR. At most `max_connections` are open at once (more are
// closed as soon as they are accepted), so unfinished frames hold at most max_connections ×
// max_message_bytes; when accepting fails (no file descriptors left) it backs off and retries.
//
//   MllpListener mllp{"127.0.0.1", 2575,
//                     [&](std::string_view m, const std::string& peer, mllp::Reply reply) {
//                       ingest.handle(m, peer, std::move(reply)); }};
//   std::thread t([&] { mllp.run(); });  ...  mllp.stop(); t.join();
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace plasticity::mllp {

// Called once, with the ACK, from any thread.
using Reply = std::function<void(std::string ack)>;
using MessageHandler =
    std::function<void(std::string_view message, const std::string& peer, Reply reply)>;

class MllpListener {
 public:
  // Binds and listens, or throws.
  MllpListener(const std::string& address, unsigned short port, MessageHandler handler,
               int threads = 2, std::size_t max_message_bytes = 64 * 1024,
               std::size_t max_connections = 256);
  ~MllpListener();
  unsigned short port() const;
  void run();   // until stop(), and until every reply handed out is called or dropped
  void stop();  // safe from any thread

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace plasticity::mllp
