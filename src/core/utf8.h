// UTF-8 checks for text that comes from outside (HTTP, HL7, files). Text is valid UTF-8 when it is
// stored, or refused; and what is written out (JSON, HL7 ACKs, logs) never fails on bytes that got
// in before this rule existed.
//
//   if (auto at = first_invalid_utf8(text)) { /* refuse, naming the field and byte *at */ }
//   std::string shown = valid_utf8(text);   // broken sequences become U+FFFD
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace plasticity {

// The offset of the first byte that does not start a well-formed UTF-8 sequence (RFC 3629: no
// overlong forms, no surrogates, nothing above U+10FFFF), or nullopt when the whole text is valid.
std::optional<std::size_t> first_invalid_utf8(std::string_view text);

inline bool is_valid_utf8(std::string_view text) { return !first_invalid_utf8(text); }

// The text with each ill-formed sequence replaced by U+FFFD (the replacement character).
std::string valid_utf8(std::string_view text);

}  // namespace plasticity
