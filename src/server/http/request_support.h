// Helpers that route handlers share: reading a JSON body, writing JSON, building audit entries.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "server/http/router.h"
#include "storage/store.h"

namespace plasticity::server {

using Json = nlohmann::json;
using OrderedJson = nlohmann::ordered_json;

// The most items any list (or members any object) in a request body may have (the largest
// documented list: a batch of 5,000 vital-sign readings) and the deepest nesting; each route has
// its own, smaller limits.
inline constexpr std::size_t kMaxJsonListItems = 5000;
inline constexpr std::size_t kMaxJsonDepth = 16;

// Parses the body as a JSON object into `out`; on failure returns the problem response to send
// (415 for another content type; 400 naming the byte where the JSON breaks, for a body that is
// not an object, or one past kMaxJsonListItems / kMaxJsonDepth).
std::optional<http::Response> read_json_body(const RequestContext& context, Json& out);

// The session token from "Authorization: Bearer ..." or else the plasticity_session cookie.
std::string session_token(const http::Request& request);

http::Response json_response(int status, const OrderedJson& body);

// A value, or JSON null when there is none.
template <class T>
OrderedJson optional_json(const std::optional<T>& value) {
  return value ? OrderedJson(*value) : OrderedJson();
}
inline OrderedJson optional_time(const std::optional<UtcTime>& time) {
  return time ? OrderedJson(to_iso8601(*time)) : OrderedJson();
}

// An audit entry for this request by its signed-in staff member (or `username` for sign-ins).
AuditEntry audit_entry(const RequestContext& context, std::string action, std::string outcome,
                       std::optional<std::string> patient_id = std::nullopt,
                       std::string detail = "");

// The audit entry of a list view: names every patient whose data it showed (shown_patient_ids,
// each once), so an audit query for any of them finds it; `patient_id` when the list was about one.
AuditEntry list_audit_entry(const RequestContext& context, std::string action,
                            std::optional<std::string> patient_id,
                            std::vector<std::string> shown_patient_ids, std::string detail);

// A whole number written as 1 to `max_digits` ASCII digits (no sign, no spaces), else nullopt.
std::optional<std::int64_t> parse_whole_number(std::string_view text, std::size_t max_digits = 18);

// Reads an optional positive integer query parameter within [1, maximum]; `errors` names it if bad.
int query_limit(const RequestContext& context, int fallback, int maximum, FieldErrors& errors);

}  // namespace plasticity::server
