// MllpFramer: the MLLP frames (<VT> message <FS><CR>) in the bytes a connection reads, with no
// I/O, so the listener stays thin and the framing can be fuzzed on its own. Bytes outside a frame
// are skipped; what it holds never exceeds the limit plus one read.
//
//   framer.append(bytes_read);
//   std::string message;
//   while (framer.next(message) == MllpFramer::Next::message) handle(message);
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace plasticity::mllp {

// `message` framed for sending: <VT> message <FS><CR>.
std::string mllp_frame(std::string_view message);

class MllpFramer {
 public:
  enum class Next {
    message,    // `message` holds the next complete one
    need_more,  // read more bytes
    too_large,  // a frame over the limit: reject it and close the connection
  };

  explicit MllpFramer(std::size_t max_message_bytes) : limit_(max_message_bytes) {}
  void append(std::string_view bytes) { buffer_.append(bytes); }
  Next next(std::string& message);
  std::size_t held_bytes() const { return buffer_.size(); }

 private:
  std::string buffer_;
  std::size_t limit_;
};

}  // namespace plasticity::mllp
