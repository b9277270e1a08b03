#include "server/http/request_support.h"

#include <algorithm>

#include "interop/json_fields.h"
#include "server/http/json_text.h"
#include "server/http/problem.h"
#include "server/http/request_guard.h"

namespace plasticity::server {

namespace {

// Every list and nesting level within the documented limits, checked once over the parsed body
// (a walk with its own stack: linear, and no recursion a deep body could exhaust).
std::optional<std::string> beyond_limits(const Json& body) {
  std::vector<std::pair<const Json*, std::size_t>> stack{{&body, 1}};
  while (!stack.empty()) {
    const auto [value, depth] = stack.back();
    stack.pop_back();
    if (depth > kMaxJsonDepth) {
      return "the body nests deeper than " + std::to_string(kMaxJsonDepth) + " levels";
    }
    if (value->size() > kMaxJsonListItems) {
      return std::string(value->is_array() ? "a list" : "an object") + " in the body has " +
             std::to_string(value->size()) + " items; the most any may have is " +
             std::to_string(kMaxJsonListItems);
    }
    for (const auto& item : *value) {  // only lists and objects are ever pushed
      if (item.is_structured()) stack.emplace_back(&item, depth + 1);
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<http::Response> read_json_body(const RequestContext& context, Json& out) {
  if (auto refusal = check_json_media_type(context.request)) return refusal;
  // Never the body's own text in a message or a log: it can be a MiB and hold a patient's name.
  try {
    out = json_fields::parse_text(context.request.body);
  } catch (const DefinitionError& error) {
    return problem(400, "malformed-json", "Body is not valid JSON",
                   std::string("the body: ") + error.what());
  }
  if (!out.is_object()) {
    return problem(400, "malformed-json", "Body must be a JSON object",
                   "the body must be a JSON object {...}",
                   {{"", "object", "the body must be a JSON object"}});
  }
  if (auto beyond = beyond_limits(out)) {
    return problem(400, "too-large", "Body exceeds a limit", *beyond,
                   {{"", "limits", *beyond + " (see docs/operations.md, Limits)"}});
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
  return http::Response{status, "application/json", {}, json_text(body)};
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

AuditEntry list_audit_entry(const RequestContext& context, std::string action,
                            std::optional<std::string> patient_id,
                            std::vector<std::string> shown_patient_ids, std::string detail) {
  AuditEntry entry =
      audit_entry(context, std::move(action), "success", std::move(patient_id), std::move(detail));
  std::sort(shown_patient_ids.begin(), shown_patient_ids.end());
  shown_patient_ids.erase(std::unique(shown_patient_ids.begin(), shown_patient_ids.end()),
                          shown_patient_ids.end());
  entry.shown_patient_ids = std::move(shown_patient_ids);
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
