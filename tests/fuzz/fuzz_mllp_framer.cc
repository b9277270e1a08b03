// The MLLP framer on any bytes, fed in reads of the sizes the input itself picks: every message it
// returns is within the limit, and what it holds stays within the limit plus one read.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "server/hl7/mllp_framer.h"

using plasticity::mllp::MllpFramer;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  constexpr std::size_t kLimit = 256;
  MllpFramer framer{kLimit};
  std::size_t at = 0;
  while (at < size) {
    const std::size_t read = 1 + data[at] % 64;  // the first byte of each read sets its size
    const std::size_t n = std::min(read, size - at - 1 + 1);
    framer.append(std::string_view(reinterpret_cast<const char*>(data + at), n));
    at += n;
    if (framer.held_bytes() > kLimit + 64 + 2) std::abort();
    std::string message;
    for (auto next = framer.next(message); next != MllpFramer::Next::need_more;
         next = framer.next(message)) {
      if (next == MllpFramer::Next::too_large) return 0;  // the listener closes here
      if (message.size() > kLimit) std::abort();
    }
  }
  return 0;
}
