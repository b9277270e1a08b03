// An HTTP request target: %-decoding, the query parser and the edge rules for its text. A target
// they accept is valid UTF-8 without control characters, whatever bytes were sent.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/utf8.h"
#include "server/http/http_types.h"
#include "server/http/request_guard.h"

using namespace plasticity;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view target(reinterpret_cast<const char*>(data), size);
  const std::size_t question = target.find('?');
  const auto path = http::percent_decode(target.substr(0, question), false);
  const auto query = question == std::string_view::npos
                         ? std::optional<std::map<std::string, std::string>>(std::in_place)
                         : http::parse_query(target.substr(question + 1));
  if (!path || !query) return 0;
  if (server::check_target_text(*path, *query)) return 0;  // refused: fine
  if (!is_valid_utf8(*path)) std::abort();
  for (const auto& [name, value] : *query) {
    if (!is_valid_utf8(name) || !is_valid_utf8(value)) std::abort();
  }
  return 0;
}
