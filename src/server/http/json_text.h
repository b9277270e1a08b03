// JSON text for a response or a live frame. Text stored before UTF-8 was checked at the edge is
// written with U+FFFD for its broken bytes: a record is never made unreadable by its content
// (nlohmann's default dump throws on them, which answered 500 for every later read).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace plasticity::server {

template <class JsonValue>
std::string json_text(const JsonValue& value) {
  return value.dump(-1, ' ', false, JsonValue::error_handler_t::replace);
}

}  // namespace plasticity::server
