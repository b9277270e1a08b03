#include "server/http/router.h"

namespace plasticity::server {
namespace {

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> segments;
  std::size_t start = 1;  // paths begin with '/'
  while (start <= path.size()) {
    const std::size_t slash = path.find('/', start);
    const std::size_t end = slash == std::string::npos ? path.size() : slash;
    segments.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return segments;
}

bool is_parameter(const std::string& segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

std::optional<std::map<std::string, std::string>> match_segments(const Route& route,
                                                                 const std::string& path) {
  const auto segments = split_path(path);
  if (segments.size() != route.segments.size()) return std::nullopt;
  std::map<std::string, std::string> params;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const std::string& pattern = route.segments[i];
    if (is_parameter(pattern)) {
      if (segments[i].empty()) return std::nullopt;
      params[pattern.substr(1, pattern.size() - 2)] = segments[i];
    } else if (pattern != segments[i]) {
      return std::nullopt;
    }
  }
  return params;
}

}  // namespace

void Router::add(std::string method, const std::string& pattern, Access access,
                 RouteHandler handler) {
  routes_.push_back(Route{std::move(method), split_path(pattern), access, std::move(handler)});
}

std::optional<RouteMatch> Router::match(const std::string& method, const std::string& path) const {
  for (const Route& route : routes_) {
    if (route.method != method) continue;
    if (auto params = match_segments(route, path)) return RouteMatch{&route, std::move(*params)};
  }
  return std::nullopt;
}

std::vector<std::string> Router::methods_for(const std::string& path) const {
  std::vector<std::string> methods;
  for (const Route& route : routes_) {
    if (match_segments(route, path)) methods.push_back(route.method);
  }
  return methods;
}

}  // namespace plasticity::server
