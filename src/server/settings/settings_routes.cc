// The clinic's settings an admin edits in the browser: the time zone, the crisis text and the
// patient instructions (interop/clinic_settings.h). A save is validated whole, stored with its
// audit entry, and then in use for every request that starts after it.
#include "server/api.h"
#include "server/http/problem.h"
#include "server/http/request_support.h"

namespace plasticity::server {
namespace {

http::Response read_settings(ApiServices& services, RequestContext&) {
  return json_response(200, editable_settings_to_json(*services.settings.get()));
}

http::Response change_settings(ApiServices& services, RequestContext& context) {
  Json body;
  if (auto refusal = read_json_body(context, body)) return *refusal;
  std::lock_guard edit{services.settings.edit_mutex()};
  const auto current = services.settings.get();
  FieldErrors errors;
  const StoredSettings rows = read_settings_edit(body, *current, errors);
  if (!errors.empty()) return invalid_input("The settings are not valid", errors);
  if (!rows.empty()) {
    ClinicSettings next = *current;
    apply_stored_settings(next, rows);  // validated just now: nothing to warn about
    std::string changed;
    for (const auto& [name, value] : rows) changed += (changed.empty() ? "" : ", ") + name;
    services.store.save_clinic_settings(
        rows, audit_entry(context, "settings.change", "success", std::nullopt, changed));
    services.settings.replace(std::move(next));
    services.store.announce(kSettingsChangedTopic, "");
  }
  return json_response(200, editable_settings_to_json(*services.settings.get()));
}

}  // namespace

void add_settings_routes(Router& router, ApiServices& services) {
  const auto admin = Access::needs(Permission::manage_settings);
  router.add("GET", "/api/v1/settings", admin, with_services(services, read_settings));
  router.add("PUT", "/api/v1/settings", admin, with_services(services, change_settings));
}

}  // namespace plasticity::server
