// Plain HTTP request and response values, so that only http_server.cc includes Beast (its headers
// are slow to compile) and routes stay easy to test.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace plasticity::http {

struct Request {
  std::string method;                          // "GET", "POST", ...
  std::string target;                          // as sent: path and query, still percent-encoded
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  std::string client_address;

  std::optional<std::string> header(const std::string& lower_case_name) const {
    auto it = headers.find(lower_case_name);
    if (it == headers.end()) return std::nullopt;
    return it->second;
  }
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  Response& with_header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
};

// A live connection (a WebSocket) the server pushes text messages to. send() is safe from any
// thread and never blocks: the message is queued and written on the connection's own strand.
// An urgent message (an alarm) is written before every routine one still queued (vital signs),
// so a flood of readings never delays an alarm.
class LiveSubscriber {
 public:
  virtual ~LiveSubscriber() = default;
  virtual void send(std::shared_ptr<const std::string> message, bool urgent) = 0;
  // Ends the connection (its staff session ended); safe from any thread.
  virtual void close() = 0;
};

// Decodes %XX escapes (and '+' as space when `plus_is_space`); std::nullopt for a broken escape.
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space);

// Splits "a=1&b=x%20y" into decoded pairs; std::nullopt when an escape is broken. A name given
// twice keeps its last value.
std::optional<std::map<std::string, std::string>> parse_query(std::string_view text);
// The same, every pair in the order sent (FHIR search repeats a name: date=ge..&date=lt..).
std::optional<std::vector<std::pair<std::string, std::string>>> parse_query_list(
    std::string_view text);

}  // namespace plasticity::http
