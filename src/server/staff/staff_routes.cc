// Staff accounts, run by an admin: list them, create one, change a role, deactivate or reactivate
// one (never the last active admin), and give a single-use link to set a password; and the link's
// own route, which needs no sign-in. An account is never deleted: its audit trail stays.
#include "server/api.h"
#include "server/http/credentials.h"
#include "server/http/problem.h"
#include "server/staff/staff_json.h"

namespace plasticity::server {
namespace {

// How long a password link stays usable (a clinic default: long enough to reach a new starter
// over a weekend, short enough that a forgotten link dies).
constexpr std::int64_t kPasswordLinkMs = 72LL * 60 * kMillisPerMinute;

OrderedJson account_to_json(const StaffAccount& staff) {
  OrderedJson json = staff_to_json(staff);
  json["active"] = staff.active;
  json["created_at"] = to_iso8601(staff.created_at);
  return json;
}

http::Response staff_not_found(const std::string& id) {
  return problem(404, "staff-not-found", "No such staff member", "no staff member " + id);
}

// A new single-use link for `staff`: the token goes to the admin once, its hash to the store.
OrderedJson password_link(ApiServices& services, const RequestContext& context,
                          const StaffAccount& staff, const std::string& action) {
  const std::string token = new_session_token();
  const PasswordReset reset{token_hash(token), staff.id, context.now,
                            UtcTime{context.now.epoch_ms + kPasswordLinkMs}};
  services.store.create_password_reset(
      reset, audit_entry(context, action, "success", std::nullopt, "staff " + staff.username));
  return {{"password_link", "/set-password/" + token},
          {"expires_at", to_iso8601(reset.expires_at)}};
}

std::optional<Role> read_role(const Json& body, FieldErrors& errors) {
  if (!body.contains("role")) return std::nullopt;
  const auto role =
      body["role"].is_string() ? parse_role(body["role"].get<std::string>()) : std::nullopt;
  if (!role) {
    errors.push_back(
        {"role", "one_of",
         "role must be admin, prescriber, nurse, therapist, front_desk or researcher"});
  }
  return role;
}

http::Response list_staff(ApiServices& services, RequestContext&) {
  OrderedJson items = OrderedJson::array();
  for (const auto& staff : services.store.list_staff()) items.push_back(account_to_json(staff));
  return json_response(200, {{"items", items}});
}

http::Response create_staff(ApiServices& services, RequestContext& context) {
  Json body;
  if (auto refusal = read_json_body(context, body)) return *refusal;
  FieldErrors errors;
  const Json username = body.value("username", Json());
  const std::string name = username.is_string() ? username.get<std::string>() : "";
  if (auto reason = invalid_username_reason(name))
    errors.push_back({"username", "format", *reason});
  const auto role = read_role(body, errors);
  if (!body.contains("role")) errors.push_back({"role", "required", "role is required"});
  if (!errors.empty()) return invalid_input("The staff account is not valid", errors);
  // Nobody knows this password: the member sets theirs through the link.
  StaffAccount staff{0, name, *role, hash_password(new_session_token()), context.now};
  const auto id = services.store.create_staff(staff);
  if (!id) {
    return problem(409, "username-taken", "Username taken",
                   "a staff account named " + name + " exists already (perhaps deactivated)",
                   {{"username", "unique", "a staff account named " + name + " exists already"}});
  }
  staff.id = *id;
  services.store.append_audit(audit_entry(context, "staff.create", "success", std::nullopt,
                                          name + " as " + std::string(to_string(*role))));
  OrderedJson json = account_to_json(staff);
  json.update(password_link(services, context, staff, "staff.password_link"));
  return json_response(201, json).with_header("Location", "/api/v1/staff/" + std::to_string(*id));
}

http::Response change_staff(ApiServices& services, RequestContext& context) {
  const std::string& id_text = context.params.at("id");
  Json body;
  if (auto refusal = read_json_body(context, body)) return *refusal;
  FieldErrors errors;
  StaffChange change;
  change.role = read_role(body, errors);
  if (body.contains("active")) {
    if (body["active"].is_boolean()) {
      change.active = body["active"].get<bool>();
    } else {
      errors.push_back({"active", "boolean", "active must be true or false"});
    }
  }
  if (errors.empty() && !change.role && !change.active) {
    errors.push_back({"", "required", "send role, active, or both"});
  }
  if (!errors.empty()) return invalid_input("The change is not valid", errors);
  const auto id = parse_whole_number(id_text);
  const auto staff = id ? services.store.find_staff(*id) : std::nullopt;
  if (!staff) return staff_not_found(id_text);
  change.staff_id = staff->id;
  std::string what = staff->username + ":";
  if (change.role) what += " role " + std::string(to_string(*change.role));
  if (change.active) what += *change.active ? " reactivated" : " deactivated";
  const auto status = services.store.change_staff(
      change, audit_entry(context, "staff.change", "success", std::nullopt, what));
  if (status == StaffChangeStatus::last_admin) {
    return problem(409, "last-admin", "The clinic needs an admin",
                   staff->username + " is the only active admin: make someone else admin first");
  }
  return json_response(200, account_to_json(*services.store.find_staff(staff->id)));
}

http::Response reset_password(ApiServices& services, RequestContext& context) {
  const std::string& id_text = context.params.at("id");
  const auto id = parse_whole_number(id_text);
  const auto staff = id ? services.store.find_staff(*id) : std::nullopt;
  if (!staff) return staff_not_found(id_text);
  if (!staff->active) {
    return problem(409, "staff-inactive", "Account deactivated",
                   staff->username + " is deactivated: reactivate the account first");
  }
  return json_response(201, password_link(services, context, *staff, "staff.password_link"));
}

// The link's page posts here: no sign-in, the token is the proof.
http::Response set_password(ApiServices& services, RequestContext& context) {
  Json body;
  if (auto refusal = read_json_body(context, body)) return *refusal;
  const Json token = body.value("token", Json());
  const Json password = body.value("password", Json());
  FieldErrors errors;
  if (!token.is_string() || token.get<std::string>().empty()) {
    errors.push_back({"token", "required", "token must be the link's token"});
  }
  const std::string chosen = password.is_string() ? password.get<std::string>() : "";
  if (auto reason = weak_password_reason(chosen))
    errors.push_back({"password", "strength", *reason});
  if (!errors.empty()) return invalid_input("The password cannot be set", errors);
  const auto staff = services.store.use_password_reset(
      token_hash(token.get<std::string>()), context.now, hash_password(chosen),
      audit_entry(context, "staff.password_set", "success", std::nullopt, "through a link"));
  if (!staff) {
    return problem(400, "link-invalid", "This link cannot be used",
                   "the link was used already, has expired, or was replaced by a newer one: ask "
                   "an admin for a new one");
  }
  return http::Response{204, "application/json", {}, ""};
}

}  // namespace

void add_staff_routes(Router& router, ApiServices& services) {
  const auto admin = Access::needs(Permission::manage_staff);
  router.add("GET", "/api/v1/staff", admin, with_services(services, list_staff));
  router.add("POST", "/api/v1/staff", admin, with_services(services, create_staff));
  router.add("PATCH", "/api/v1/staff/{id}", admin, with_services(services, change_staff));
  router.add("POST", "/api/v1/staff/{id}/password-link", admin,
             with_services(services, reset_password));
  router.add("POST", "/api/v1/password", Access::public_route(),
             with_services(services, set_password));
}

}  // namespace plasticity::server
