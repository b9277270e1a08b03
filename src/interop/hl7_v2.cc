#include "interop/hl7_v2.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "core/split.h"
#include "core/utf8.h"

namespace plasticity::hl7 {
namespace {

// Text as an ACK field: the ACK's delimiters and control characters (CR, VT and FS would end a
// segment or the MLLP frame) as HL7 escape sequences (v2.5.1 §2.7), broken UTF-8 as U+FFFD.
std::string clean(const std::string& text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : valid_utf8(text)) {
    const auto byte = static_cast<unsigned char>(c);
    switch (c) {
      case '|':
        out += "\\F\\";
        break;
      case '^':
        out += "\\S\\";
        break;
      case '~':
        out += "\\R\\";
        break;
      case '\\':
        out += "\\E\\";
        break;
      case '&':
        out += "\\T\\";
        break;
      default:
        if (byte < 0x20 || byte == 0x7f) {
          out += "\\X";
          out += kHex[byte >> 4];
          out += kHex[byte & 0xf];
          out += '\\';
        } else {
          out += c;
        }
    }
  }
  return out;
}

// ISO 8859-1 bytes as UTF-8 (each byte is the code point of the same number).
std::string latin1_to_utf8(const std::string& text) {
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x80) {
      out += c;
    } else {
      out += static_cast<char>(0xC0 | (byte >> 6));
      out += static_cast<char>(0x80 | (byte & 0x3f));
    }
  }
  return out;
}

// Every field as UTF-8, or why not, naming the first field that is not ("OBX-18").
std::string check_text(Message& message) {
  const bool latin1 = message.field("MSH", 18).raw() == "8859/1";
  for (auto& segment : message.segments) {
    for (std::size_t n = 1; n < segment.fields.size(); ++n) {
      std::string& field = segment.fields[n];
      if (latin1) field = latin1_to_utf8(field);
      if (auto at = first_invalid_utf8(field)) {
        return segment.id + "-" + std::to_string(n) + " is not valid UTF-8 (byte " +
               std::to_string(*at) + "); send UTF-8, or declare 8859/1 in MSH-18";
      }
    }
  }
  return "";
}

bool digits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(),
                                      [](unsigned char c) { return std::isdigit(c) != 0; });
}

}  // namespace

std::string Field::component(std::size_t n) const {
  const std::string first = raw_.substr(0, raw_.find(repetition_));
  const auto parts = split(first, component_);
  return n >= 1 && n <= parts.size() ? parts[n - 1] : "";
}

Field Message::field(const Segment& segment, std::size_t n) const {
  if (n >= segment.fields.size()) return {};
  return Field{segment.fields[n], repetition_separator, component_separator};
}

Field Message::field(std::string_view id, std::size_t n) const {
  for (const auto& segment : segments) {
    if (segment.id == id) return field(segment, n);
  }
  return {};
}

std::string Message::type() const {
  const Field f = field("MSH", 9);
  return f.component(1) + "^" + f.component(2);
}

std::string Message::control_id() const { return field("MSH", 10).raw(); }

ParseResult parse_hl7_message(std::string_view text) {
  std::string normalised(text);
  std::replace(normalised.begin(), normalised.end(), '\n', '\r');
  if (normalised.size() < 8 || normalised.compare(0, 3, "MSH") != 0) {
    return {std::nullopt, "the message must start with an MSH segment"};
  }
  Message message;
  message.field_separator = normalised[3];
  const std::string encoding =
      normalised.substr(4, normalised.find(message.field_separator, 4) - 4);
  if (encoding.size() < 2 || std::isalnum(static_cast<unsigned char>(message.field_separator))) {
    return {std::nullopt, "MSH-1 and MSH-2 must declare the delimiters, e.g. MSH|^~\\&|"};
  }
  message.component_separator = encoding[0];
  message.repetition_separator = encoding[1];
  for (const auto& line : split(normalised, '\r')) {
    if (line.empty()) continue;
    Segment segment;
    auto fields = split(line, message.field_separator);
    segment.id = fields.front();
    if (segment.id.size() != 3) {
      return {std::nullopt,
              "segment " + std::to_string(message.segments.size() + 1) + " has no 3-letter id"};
    }
    if (segment.id == "MSH") {
      // MSH-1 is the separator itself, so MSH fields shift by one against the split.
      fields.insert(fields.begin() + 1, std::string(1, message.field_separator));
    }
    segment.fields = std::move(fields);
    message.segments.push_back(std::move(segment));
  }
  if (auto fault = check_text(message); !fault.empty()) return {std::nullopt, fault};
  if (message.field("MSH", 9).empty()) return {std::nullopt, "MSH-9 (message type) is missing"};
  if (message.control_id().empty()) return {std::nullopt, "MSH-10 (control id) is missing"};
  return {std::move(message), ""};
}

std::optional<double> parse_hl7_number(std::string_view text) {
  std::string_view digits_and_point = text;
  if (!digits_and_point.empty() && (digits_and_point[0] == '+' || digits_and_point[0] == '-')) {
    digits_and_point.remove_prefix(1);
  }
  const auto point = digits_and_point.find('.');
  const std::size_t digit_count =
      digits_and_point.size() - (point == std::string_view::npos ? 0 : 1);
  const bool well_formed = digit_count > 0 &&
                           digits_and_point.find('.', point + 1) == std::string_view::npos &&
                           std::all_of(digits_and_point.begin(), digits_and_point.end(),
                                       [](char c) { return c == '.' || (c >= '0' && c <= '9'); });
  if (!well_formed || text.size() > 64) return std::nullopt;
  return std::strtod(std::string(text).c_str(), nullptr);
}

std::optional<UtcTime> parse_hl7_time(std::string_view text) {
  std::string_view zone;
  const std::size_t sign = text.find_first_of("+-");
  if (sign != std::string_view::npos) {
    zone = text.substr(sign);
    text = text.substr(0, sign);
  }
  std::string_view fraction;
  if (const std::size_t dot = text.find('.'); dot != std::string_view::npos) {
    fraction = text.substr(dot + 1);
    text = text.substr(0, dot);
  }
  if (!digits(text) || text.size() < 8 || text.size() > 14 || text.size() % 2 != 0) {
    return std::nullopt;
  }
  std::string iso = std::string(text.substr(0, 4)) + "-" + std::string(text.substr(4, 2)) + "-" +
                    std::string(text.substr(6, 2)) + "T";
  const std::string rest = std::string(text.substr(8)) + std::string(14 - text.size(), '0');
  iso += rest.substr(0, 2) + ":" + rest.substr(2, 2) + ":" + rest.substr(4, 2);
  if (!fraction.empty()) {
    if (!digits(fraction)) return std::nullopt;
    iso += "." + std::string(fraction.substr(0, 3));
  }
  if (zone.empty()) {
    iso += "Z";
  } else {
    if (zone.size() != 5 || !digits(zone.substr(1))) return std::nullopt;
    iso += std::string(zone.substr(0, 3)) + ":" + std::string(zone.substr(3, 2));
  }
  return parse_iso8601(iso);
}

std::string to_hl7_time(UtcTime time) {
  const std::string iso = to_iso8601(time);  // YYYY-MM-DDTHH:MM:SS.mmmZ
  return iso.substr(0, 4) + iso.substr(5, 2) + iso.substr(8, 2) + iso.substr(11, 2) +
         iso.substr(14, 2) + iso.substr(17, 2) + "." + iso.substr(20, 3) + "+0000";
}

std::string hl7_ack(const Message* message, AckCode code, const std::string& text, UtcTime now,
                    const std::string& ack_control_id, const char* error_code) {
  const char* codes[] = {"AA", "AE", "AR"};
  const std::string code_text = codes[static_cast<int>(code)];
  std::string receiver_app, receiver_facility, control_id, version = "2.5.1", trigger = "R01";
  if (message) {
    receiver_app = clean(message->field("MSH", 3).raw());
    receiver_facility = clean(message->field("MSH", 4).raw());
    control_id = clean(message->control_id());
    if (!message->field("MSH", 12).empty()) version = clean(message->field("MSH", 12).component(1));
    if (!message->field("MSH", 9).component(2).empty()) {
      trigger = clean(message->field("MSH", 9).component(2));
    }
  }
  std::string ack = "MSH|^~\\&|PLASTICITY|PLASTICITY|" + receiver_app + "|" + receiver_facility +
                    "|" + to_hl7_time(now) + "||ACK^" + trigger + "^ACK|" + ack_control_id + "|P|" +
                    version + "\r";
  ack += "MSA|" + code_text + "|" + control_id + (text.empty() ? "" : "|" + clean(text)) + "\r";
  if (code != AckCode::accepted) {
    // ERR-3 the coded error, ERR-4 severity E, ERR-8 the text for a person.
    ack += "ERR|||" + std::string(error_code) + "^HL70357|E||||" + clean(text) + "\r";
  }
  return ack;
}

}  // namespace plasticity::hl7
