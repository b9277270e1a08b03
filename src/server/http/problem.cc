#include "server/http/problem.h"

#include <nlohmann/json.hpp>

namespace plasticity::server {

http::Response problem(int status, const std::string& slug, const std::string& title,
                       const std::string& detail, const FieldErrors& errors) {
  nlohmann::ordered_json body{{"type", "urn:plasticity:problem:" + slug},
                              {"title", title},
                              {"status", status},
                              {"detail", detail}};
  if (!errors.empty()) {
    auto& list = body["errors"] = nlohmann::ordered_json::array();
    for (const auto& e : errors) {
      list.push_back({{"field", e.field}, {"rule", e.rule}, {"message", e.message}});
    }
  }
  return http::Response{status, "application/problem+json", {}, body.dump()};
}

http::Response invalid_input(const std::string& title, const FieldErrors& errors) {
  std::string detail = errors.empty() ? title : errors.front().message;
  if (errors.size() > 1) detail += " (and " + std::to_string(errors.size() - 1) + " more)";
  return problem(400, "invalid-input", title, detail, errors);
}

}  // namespace plasticity::server
