// The rules every API request meets before its route, so that no route has to remember them:
// text in the target is UTF-8 without control characters, the Host header is a host name, a body
// declares its JSON media type, and a browser's write authenticated by cookie comes from this
// server's own pages (a cross-site form or fetch carries the cookie too: SameSite is not enough).
// Each returns the problem response to answer, or nullopt when the request may go on.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "server/http/http_types.h"

namespace plasticity::server {

// The decoded path and query: valid UTF-8, no control characters. The field named is "path" or
// "query/<name>".
std::optional<http::Response> check_target_text(const std::string& path,
                                                const std::map<std::string, std::string>& query);

// Host (used to build the links sent to patients): a host name or address with an optional port.
std::optional<http::Response> check_host(const http::Request& request);

// The request declares a JSON body: application/json or application/merge-patch+json (415
// otherwise).
std::optional<http::Response> check_json_media_type(const http::Request& request);

// A request with a body must say it is JSON (415 otherwise).
std::optional<http::Response> check_body_media_type(const http::Request& request);

// True when the request came from a page of this server, or from no browser page at all (no
// Origin, no Sec-Fetch-Site: a program, which cannot be made to send a victim's cookie).
bool is_same_origin(const http::Request& request);

// POST, PUT, PATCH and DELETE that carry the session cookie (not a bearer token) must be
// same-origin (403 cross-origin otherwise).
std::optional<http::Response> check_cookie_write_origin(const http::Request& request);

}  // namespace plasticity::server
