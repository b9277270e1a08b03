#include "server/http/problem.h"

#include <algorithm>

#include "server/http/json_text.h"

namespace plasticity::server {
namespace {

constexpr std::size_t kMaxListedErrors = 200;

}  // namespace

http::Response problem(int status, const std::string& slug, const std::string& title,
                       const std::string& detail, const FieldErrors& errors) {
  nlohmann::ordered_json body{{"type", "urn:plasticity:problem:" + slug},
                              {"title", title},
                              {"status", status},
                              {"detail", detail}};
  if (!errors.empty()) {
    // Enough to fix a form or a batch; a body of thousands of bad items gets the first ones
    // (the detail counts them all), not an answer larger than what was sent.
    auto& list = body["errors"] = nlohmann::ordered_json::array();
    for (std::size_t i = 0; i < std::min(errors.size(), kMaxListedErrors); ++i) {
      const auto& e = errors[i];
      list.push_back({{"field", e.field}, {"rule", e.rule}, {"message", e.message}});
    }
  }
  return http::Response{status, "application/problem+json", {}, json_text(body)};
}

http::Response transport_problem(int status, const std::string& detail) {
  switch (status) {
    case 413:
      return problem(413, "body-too-large", "Request body too large", detail);
    case 414:
      return problem(414, "target-too-long", "Request target too long", detail);
    case 431:
      return problem(431, "headers-too-large", "Request header fields too large", detail);
    case 503:
      return problem(503, "unavailable", "Service unavailable", detail);
    default:
      return problem(status, "malformed-request", "Malformed request", detail);
  }
}

http::Response invalid_input(const std::string& title, const FieldErrors& errors) {
  std::string detail = errors.empty() ? title : errors.front().message;
  if (errors.size() > 1) detail += " (and " + std::to_string(errors.size() - 1) + " more)";
  return problem(400, "invalid-input", title, detail, errors);
}

http::Response patient_not_found(const std::string& id) {
  return problem(404, "patient-not-found", "No such patient", "no patient has the id " + id);
}

}  // namespace plasticity::server
