// Router: maps a method and a path such as "/api/v1/patients/{id}/history" to a route, with the
// `{name}` segments captured. Each route states who may call it; the Api checks that before the
// handler runs, so no handler can forget.
//
//   router.add("GET", "/api/v1/patients/{id}", Access::permission(Permission::read_patients), h);
//   auto match = router.match("GET", "/api/v1/patients/abc");  // match->params["id"] == "abc"
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/utc_time.h"
#include "server/http/http_types.h"
#include "staff/role.h"
#include "storage/store.h"

namespace plasticity::server {

struct RequestContext {
  const http::Request& request;
  std::string path;
  std::map<std::string, std::string> query;
  std::map<std::string, std::string> params;  // from {name} segments
  std::string request_id;
  UtcTime now;
  std::optional<StaffAccount> staff;       // set for every route that is not public, except when
  std::optional<DeviceCredential> device;  // a registered device called a device_or route
};

using RouteHandler = std::function<http::Response(RequestContext&)>;

struct Access {
  // device_or: a registered device's token, or else a staff member with `permission`.
  enum class Kind { public_route, signed_in, permission, device_or } kind;
  Permission permission = Permission::read_patients;

  static Access public_route() { return {Kind::public_route}; }
  static Access signed_in() { return {Kind::signed_in}; }
  static Access needs(Permission p) { return {Kind::permission, p}; }
  static Access device_or(Permission p) { return {Kind::device_or, p}; }
};

struct Route {
  std::string method;
  std::vector<std::string> segments;
  Access access;
  RouteHandler handler;
};

struct RouteMatch {
  const Route* route = nullptr;
  std::map<std::string, std::string> params;
};

class Router {
 public:
  void add(std::string method, const std::string& pattern, Access access, RouteHandler handler);
  std::optional<RouteMatch> match(const std::string& method, const std::string& path) const;
  // The methods some route answers for `path`, for 405 responses ("Allow").
  std::vector<std::string> methods_for(const std::string& path) const;

 private:
  std::vector<Route> routes_;
};

}  // namespace plasticity::server
