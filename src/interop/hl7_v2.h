// HL7 version 2 messages as bedside monitors and their gateways send them (pipe-delimited, the
// delimiters declared in MSH-1/MSH-2), and the acknowledgements Plasticity answers with.
//
//   auto message = parse_hl7_message(text);          // nullopt with a reason when malformed
//   message->field("PID", 3).component(1);           // the first component of PID-3
//   std::string ack = hl7_ack(&*message, AckCode::accepted, "", now);
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/utc_time.h"

namespace plasticity::hl7 {

// One field's value, split by repetition and component (1-based, as HL7 numbers them).
class Field {
 public:
  Field() = default;
  Field(std::string raw, char repetition, char component)
      : raw_(std::move(raw)), repetition_(repetition), component_(component) {}
  const std::string& raw() const { return raw_; }
  // Component `n` of the first repetition; "" when absent.
  std::string component(std::size_t n) const;
  bool empty() const { return raw_.empty(); }

 private:
  std::string raw_;
  char repetition_ = '~';
  char component_ = '^';
};

struct Segment {
  std::string id;                   // "MSH", "PID", "OBX", ...
  std::vector<std::string> fields;  // fields[n] is field n (for MSH, fields[1] is "|")
};

class Message {
 public:
  std::vector<Segment> segments;
  char field_separator = '|';
  char component_separator = '^';
  char repetition_separator = '~';

  // Field `n` of the first segment `id` (or of `segment` itself); an empty Field when absent.
  Field field(std::string_view id, std::size_t n) const;
  Field field(const Segment& segment, std::size_t n) const;
  std::string type() const;        // MSH-9 as "ORU^R01"
  std::string control_id() const;  // MSH-10
};

struct ParseResult {
  std::optional<Message> message;
  std::string error;  // why it could not be parsed
};

// Segments may end in CR (the standard), LF or CRLF. Text is UTF-8 (MSH-18 empty or UNICODE
// UTF-8), or ISO 8859-1 when MSH-18 says 8859/1 (converted to UTF-8); a field that is not is
// refused by segment and field ("OBX-18 is not valid UTF-8").
ParseResult parse_hl7_message(std::string_view text);

// HL7 NM (v2.5.1 §2.A.47): an optional leading + or -, digits and an optional decimal point;
// no exponent, no spaces, no hexadecimal. nullopt for anything else.
std::optional<double> parse_hl7_number(std::string_view text);

// HL7 DTM (YYYY[MM[DD[HH[MM[SS[.S+]]]]]][+/-ZZZZ]) as UTC; without an offset the time is taken as
// UTC (monitors in a clinic should send UTC or an offset; see docs/hl7.md). nullopt if malformed.
std::optional<UtcTime> parse_hl7_time(std::string_view text);
std::string to_hl7_time(UtcTime time);  // YYYYMMDDHHMMSS.sss+0000 (readings can come 10 a second)

enum class AckCode { accepted, error, rejected };  // AA, AE, AR

// HL7 table 0357 codes used in ERR-3.
inline constexpr const char* kErrRequiredFieldMissing = "101^Required field missing";
inline constexpr const char* kErrDataTypeError = "102^Data type error";
inline constexpr const char* kErrUnsupportedMessageType = "200^Unsupported message type";
inline constexpr const char* kErrUnknownKey = "204^Unknown key identifier";
inline constexpr const char* kErrApplication = "207^Application internal error";

// An ACK for `message` (or for an unparseable one, when null): MSH, MSA and, for AE/AR, ERR
// with `error_code` (table 0357) and `text`. Segments end in CR. What it echoes from the message
// and the text are written with HL7's escape sequences (\F\, \S\, \R\, \E\, \T\, and
// \Xhh\ for control characters), so no byte a sender chose can break the ACK or its MLLP frame.
std::string hl7_ack(const Message* message, AckCode code, const std::string& text, UtcTime now,
                    const std::string& ack_control_id, const char* error_code = kErrApplication);

}  // namespace plasticity::hl7
