// HL7 v2: the parser, the monitor-report reader and the ACK builder on any bytes. Beyond not
// crashing, the ACK must never carry a byte that ends its MLLP frame, and must be UTF-8.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/utf8.h"
#include "interop/hl7_v2.h"
#include "interop/hl7_vitals.h"

using namespace plasticity;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const UtcTime now{1'800'000'000'000};
  const auto parsed = hl7::parse_hl7_message(text);
  const hl7::Message* message = parsed.message ? &*parsed.message : nullptr;
  if (message) (void)hl7::read_monitor_report(*message, now);
  hl7::parse_hl7_number(text);
  hl7::parse_hl7_time(text);
  const std::string ack =
      hl7::hl7_ack(message, message ? hl7::AckCode::accepted : hl7::AckCode::rejected, parsed.error,
                   now, "FUZZ1");
  if (ack.find_first_of("\x0b\x1c") != std::string::npos || !is_valid_utf8(ack)) std::abort();
  return 0;
}
