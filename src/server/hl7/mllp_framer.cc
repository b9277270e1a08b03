#include "server/hl7/mllp_framer.h"

namespace plasticity::mllp {
namespace {

constexpr char kStart = 0x0b;  // VT
constexpr char kEnd = 0x1c;    // FS, followed by CR
constexpr char kCarriageReturn = 0x0d;

}  // namespace

std::string mllp_frame(std::string_view message) {
  std::string framed(1, kStart);
  framed.append(message);
  framed += kEnd;
  framed += kCarriageReturn;
  return framed;
}

MllpFramer::Next MllpFramer::next(std::string& message) {
  const std::size_t start = buffer_.find(kStart);
  if (start == std::string::npos) {
    buffer_.clear();  // noise between frames
    return Next::need_more;
  }
  const std::size_t end = buffer_.find(std::string{kEnd, kCarriageReturn}, start);
  if (end == std::string::npos) {
    if (buffer_.size() - start > limit_) return Next::too_large;
    buffer_.erase(0, start);
    return Next::need_more;
  }
  if (end - start - 1 > limit_) return Next::too_large;  // arrived whole, still too large
  message.assign(buffer_, start + 1, end - start - 1);
  buffer_.erase(0, end + 2);
  return Next::message;
}

}  // namespace plasticity::mllp
