#include "storage/statements/patient_statements.h"

#include "core/utf8.h"

namespace plasticity::statements {

std::size_t character_count(const std::string& text) {
  std::size_t count = 0;
  for (char c : text) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return count;
}

std::string ascii_lower(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

namespace {

constexpr char32_t kLastCodePoint = 0x10FFFF;

std::string encode_utf8(char32_t c) {
  std::string out;
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
  return out;
}

// The last code point of valid UTF-8 text, and where it starts.
std::pair<char32_t, std::size_t> last_code_point(const std::string& text) {
  std::size_t start = text.size() - 1;
  while (start > 0 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) --start;
  const auto lead = static_cast<unsigned char>(text[start]);
  const std::size_t length = text.size() - start;
  char32_t c = length == 1 ? lead : lead & (0x7F >> length);
  for (std::size_t i = start + 1; i < text.size(); ++i) {
    c = (c << 6) | (static_cast<unsigned char>(text[i]) & 0x3F);
  }
  return {c, start};
}

}  // namespace

std::optional<std::string> prefix_bound(const std::string& prefix) {
  if (!is_valid_utf8(prefix)) return std::nullopt;
  std::string bound = prefix;
  while (!bound.empty()) {
    const auto [c, start] = last_code_point(bound);
    bound.erase(start);
    if (c == kLastCodePoint) continue;
    // The surrogates are not characters: after U+D7FF comes U+E000.
    return bound + encode_utf8(c == 0xD7FF ? 0xE000 : c + 1);
  }
  return std::nullopt;
}

}  // namespace plasticity::statements
