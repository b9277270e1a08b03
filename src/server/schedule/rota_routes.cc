// Chairs and rooms, and who works when: what the calendar books against.
#include <algorithm>

#include "server/http/credentials.h"
#include "server/http/problem.h"
#include "server/schedule/schedule_support.h"

namespace plasticity::server {
namespace {

int weekday_index(const std::string& name) {
  for (int i = 0; i < 7; ++i) {
    if (name == kWeekdays[i]) return i;
  }
  return -1;
}

http::Response list_resources(ApiServices& services, RequestContext&) {
  OrderedJson items = OrderedJson::array();
  for (const auto& r : services.store.resources()) items.push_back(resource_to_json(r));
  return json_response(200, {{"items", items}});
}

http::Response create_resource(ApiServices& services, RequestContext& context) {
  Json body;
  if (auto refusal = read_json_body(context, body)) return *refusal;
  FieldErrors errors;
  Resource r;
  r.id =
      body.is_object() && body.value("id", Json()).is_string() ? body["id"].get<std::string>() : "";
  r.kind = body.is_object() && body.value("kind", Json()).is_string()
               ? body["kind"].get<std::string>()
               : "";
  r.name = body.is_object() && body.value("name", Json()).is_string()
               ? body["name"].get<std::string>()
               : "";
  if (r.id.empty() || r.id.size() > 40 ||
      r.id.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") != std::string::npos) {
    errors.push_back({"id", "slug", "id must be 1 to 40 lowercase letters, digits or '-'"});
  }
  if (r.kind != "chair" && r.kind != "room") {
    errors.push_back({"kind", "one_of", "kind must be chair or room"});
  }
  if (r.name.empty() || r.name.size() > 60) {
    errors.push_back({"name", "required", "name must be 1 to 60 characters"});
  }
  if (!errors.empty()) return invalid_input("The chair or room is not valid", errors);
  if (!services.store.create_resource(r, audit_entry(context, "resource.create", "success",
                                                     std::nullopt, r.kind + " " + r.name))) {
    return problem(409, "resource-exists", "Already exists",
                   "a chair or room with this id or name exists", {{"name", "unique", "taken"}});
  }
  return json_response(201, resource_to_json(r));
}

// Renames a chair or room, or takes it out of use (or back): {"name"?, "active"?}.
http::Response change_resource(ApiServices& services, RequestContext& context) {
  const std::string& id = context.params.at("id");
  Json body;
  if (auto refusal = read_json_body(context, body)) return *refusal;
  const auto resources = services.store.resources();
  const auto current = std::find_if(resources.begin(), resources.end(),
                                    [&](const Resource& r) { return r.id == id; });
  if (current == resources.end()) {
    return problem(404, "resource-not-found", "No such chair or room", "no chair or room " + id);
  }
  Resource r = *current;
  FieldErrors errors;
  if (body.contains("name")) {
    if (!body["name"].is_string() || body["name"].get<std::string>().empty() ||
        body["name"].get<std::string>().size() > 60) {
      errors.push_back({"name", "required", "name must be 1 to 60 characters"});
    } else {
      r.name = body["name"].get<std::string>();
    }
  }
  if (body.contains("active")) {
    if (body["active"].is_boolean()) {
      r.active = body["active"].get<bool>();
    } else {
      errors.push_back({"active", "boolean", "active must be true or false"});
    }
  }
  if (!errors.empty()) return invalid_input("The change is not valid", errors);
  if (!services.store.update_resource(
          r, audit_entry(context, "resource.update", "success", std::nullopt,
                         r.id + ": " + r.name + (r.active ? "" : " (not in use)")))) {
    return problem(409, "resource-exists", "Name taken",
                   "another chair or room is called " + r.name,
                   {{"name", "unique", "another chair or room is called " + r.name}});
  }
  return json_response(200, resource_to_json(r));
}

http::Response rota(ApiServices& services, RequestContext&) {
  OrderedJson items = OrderedJson::array();
  for (const auto& staff : services.store.staff_rota()) items.push_back(rota_to_json(staff));
  return json_response(200, {{"items", items}});
}

http::Response set_hours(ApiServices& services, RequestContext& context) {
  const auto staff_id = parse_whole_number(context.params.at("id"));
  Json body;
  if (auto refusal = read_json_body(context, body)) return *refusal;
  if (!staff_id || !services.store.find_staff(*staff_id)) {
    return problem(404, "staff-not-found", "No such staff member",
                   "no staff member " + context.params.at("id"));
  }
  const Json items = body.is_object() ? body.value("hours", Json()) : Json();
  FieldErrors errors;
  std::vector<WorkingHours> hours;
  if (!items.is_array()) errors.push_back({"hours", "list", "hours must be a list"});
  for (std::size_t i = 0; items.is_array() && i < items.size(); ++i) {
    const Json& h = items[i];
    const std::string field = "hours/" + std::to_string(i);
    const int day = h.is_object() && h.value("weekday", Json()).is_string()
                        ? weekday_index(h["weekday"].get<std::string>())
                        : -1;
    auto clock_of = [&](const char* key) {
      return h.is_object() && h.value(key, Json()).is_string()
                 ? parse_clock(h[key].get<std::string>()).value_or(-1)
                 : -1;
    };
    const int start = clock_of("start");
    const int end = clock_of("end");
    if (day < 0) errors.push_back({field + "/weekday", "one_of", "weekday must be mon..sun"});
    if (start < 0 || end <= start) {
      errors.push_back({field, "time_range", "start and end must be HH:MM, end after start"});
    } else if (day >= 0) {
      hours.push_back({day, start, end});
    }
  }
  if (!errors.empty()) return invalid_input("The working hours are not valid", errors);
  services.store.set_working_hours(*staff_id, hours,
                                   audit_entry(context, "rota.update", "success", std::nullopt,
                                               "staff " + std::to_string(*staff_id) + ": " +
                                                   std::to_string(hours.size()) + " stretches"));
  for (const auto& staff : services.store.staff_rota()) {
    if (staff.staff_id == *staff_id) return json_response(200, rota_to_json(staff));
  }
  return json_response(200, OrderedJson::object());
}

}  // namespace

void add_rota_routes(Router& router, ApiServices& services) {
  const auto read = Access::needs(Permission::read_schedule);
  const auto manage = Access::needs(Permission::manage_rota);
  router.add("GET", "/api/v1/resources", read, with_services(services, list_resources));
  router.add("POST", "/api/v1/resources", manage, with_services(services, create_resource));
  router.add("PATCH", "/api/v1/resources/{id}", manage, with_services(services, change_resource));
  router.add("GET", "/api/v1/rota", read, with_services(services, rota));
  router.add("PUT", "/api/v1/staff/{id}/hours", manage, with_services(services, set_hours));
}

}  // namespace plasticity::server
