#include "server/http/request_support.h"

#include "server/http/problem.h"

namespace plasticity::server {

std::optional<http::Response> read_json_body(const RequestContext& context, Json& out) {
  const std::string type = context.request.header("content-type").value_or("");
  // RFC 7396 names its own type for merge patches; both carry plain JSON.
  if (type.rfind("application/json", 0) != 0 &&
      type.rfind("application/merge-patch+json", 0) != 0) {
    return problem(415, "unsupported-media-type", "Body must be JSON",
                   "send the body as Content-Type: application/json");
  }
  try {
    out = Json::parse(context.request.body);
  } catch (const Json::parse_error& error) {
    return problem(400, "malformed-json", "Body is not valid JSON",
                   "the body is not valid JSON (at byte " + std::to_string(error.byte) + ")");
  }
  return std::nullopt;
}

// The session token from "Authorization: Bearer ..." or else the session cookie.
std::string session_token(const http::Request& request) {
  if (auto authorization = request.header("authorization")) {
    const std::string prefix = "Bearer ";
    return authorization->rfind(prefix, 0) == 0 ? authorization->substr(prefix.size()) : "";
  }
  const std::string cookies = request.header("cookie").value_or("");
  const std::string name = "plasticity_session=";
  std::size_t start = 0;
  while (start < cookies.size()) {
    std::size_t end = cookies.find(';', start);
    if (end == std::string::npos) end = cookies.size();
    std::size_t first = cookies.find_first_not_of(' ', start);
    if (first < end && cookies.compare(first, name.size(), name) == 0) {
      return cookies.substr(first + name.size(), end - first - name.size());
    }
    start = end + 1;
  }
  return "";
}

http::Response json_response(int status, const OrderedJson& body) {
  return http::Response{status, "application/json", {}, body.dump()};
}

AuditEntry audit_entry(const RequestContext& context, std::string action, std::string outcome,
                       std::optional<std::string> patient_id, std::string detail) {
  AuditEntry entry;
  entry.at = context.now;
  if (context.staff) {
    entry.staff_id = context.staff->id;
    entry.username = context.staff->username;
    entry.role = std::string(to_string(context.staff->role));
  }
  entry.action = std::move(action);
  entry.outcome = std::move(outcome);
  entry.patient_id = std::move(patient_id);
  entry.request_id = context.request_id;
  entry.client_address = context.request.client_address;
  entry.detail = std::move(detail);
  return entry;
}

std::optional<std::int64_t> parse_whole_number(std::string_view text, std::size_t max_digits) {
  if (text.empty() || text.size() > max_digits ||
      text.find_first_not_of("0123456789") != std::string_view::npos) {
    return std::nullopt;
  }
  std::int64_t value = 0;
  for (char c : text) value = value * 10 + (c - '0');
  return value;
}

int query_limit(const RequestContext& context, int fallback, int maximum, FieldErrors& errors) {
  auto it = context.query.find("limit");
  if (it == context.query.end()) return fallback;
  const auto value = parse_whole_number(it->second, 4);
  if (!value || *value < 1 || *value > maximum) {
    errors.push_back(
        {"limit", "range", "limit must be a whole number from 1 to " + std::to_string(maximum)});
    return fallback;
  }
  return static_cast<int>(*value);
}

}  // namespace plasticity::server
