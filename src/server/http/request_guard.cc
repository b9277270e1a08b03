#include "server/http/request_guard.h"

#include <algorithm>

#include "core/utf8.h"
#include "server/http/problem.h"
#include "server/http/request_support.h"

namespace plasticity::server {
namespace {

bool has_control_character(const std::string& text) {
  return std::any_of(text.begin(), text.end(),
                     [](unsigned char c) { return c < 0x20 || c == 0x7f; });
}

// Why `text` may not be used, or nullopt.
std::optional<std::string> text_fault(const std::string& text) {
  if (auto at = first_invalid_utf8(text)) {
    return "is not valid UTF-8 (byte " + std::to_string(*at) + " after decoding %-escapes)";
  }
  if (has_control_character(text)) return "contains a control character";
  return std::nullopt;
}

http::Response bad_target(const std::string& field, const std::string& fault) {
  return problem(400, "bad-target", "Malformed request target", field + " " + fault,
                 {{field, "utf8_text", field + " " + fault}});
}

bool is_write(const std::string& method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

}  // namespace

std::optional<http::Response> check_target_text(const std::string& path,
                                                const std::map<std::string, std::string>& query) {
  if (auto fault = text_fault(path)) return bad_target("path", *fault);
  for (const auto& [name, value] : query) {
    if (auto fault = text_fault(name)) return bad_target("query", "parameter name " + *fault);
    if (auto fault = text_fault(value)) return bad_target("query/" + name, *fault);
  }
  return std::nullopt;
}

std::optional<http::Response> check_host(const http::Request& request) {
  const auto host = request.header("host");
  if (!host) return std::nullopt;  // HTTP/1.0; links then name localhost
  const bool plain = !host->empty() && host->size() <= 255 &&
                     host->find_first_not_of(
                         "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]") ==
                         std::string::npos;
  if (plain) return std::nullopt;
  return problem(
      400, "bad-host", "Malformed Host header",
      "Host must be a host name or address with an optional port",
      {{"host", "host_name", "Host must be a host name or address with an optional port"}});
}

std::optional<http::Response> check_json_media_type(const http::Request& request) {
  const std::string type = request.header("content-type").value_or("");
  // RFC 7396 names its own type for merge patches; both carry plain JSON.
  if (type.rfind("application/json", 0) == 0 ||
      type.rfind("application/merge-patch+json", 0) == 0 ||
      type.rfind("application/fhir+json", 0) == 0) {
    return std::nullopt;
  }
  return problem(415, "unsupported-media-type", "Body must be JSON",
                 "send the body as Content-Type: application/json");
}

std::optional<http::Response> check_body_media_type(const http::Request& request) {
  return request.body.empty() ? std::nullopt : check_json_media_type(request);
}

bool is_same_origin(const http::Request& request) {
  if (const auto origin = request.header("origin")) {
    const auto host = request.header("host");
    return host && (*origin == "http://" + *host || *origin == "https://" + *host);
  }
  const auto site = request.header("sec-fetch-site");
  return !site || *site == "same-origin" || *site == "none";
}

std::optional<http::Response> check_cookie_write_origin(const http::Request& request) {
  // Signed in by cookie: session_token reads the bearer token first, so a token with no
  // Authorization header came from the cookie.
  if (!is_write(request.method) || request.header("authorization") ||
      session_token(request).empty() || is_same_origin(request)) {
    return std::nullopt;
  }
  return problem(403, "cross-origin", "Cross-origin request refused",
                 "a change signed in by cookie must come from this server's own pages");
}

}  // namespace plasticity::server
