// Sign-in sessions: POST /api/v1/session (sign in), GET (who am I), DELETE (sign out).
#include "server/api.h"
#include "server/http/problem.h"
#include "server/http/request_support.h"
#include "server/staff/staff_json.h"

namespace plasticity::server {
namespace {

constexpr const char* kCookieName = "plasticity_session";

std::string session_cookie(const std::string& token, const ApiOptions& options, bool clear) {
  std::string cookie =
      std::string(kCookieName) + "=" + token + "; Path=/; HttpOnly; SameSite=Strict";
  if (options.secure_cookies) cookie += "; Secure";
  if (clear) cookie += "; Max-Age=0";
  return cookie;
}

// Reads {"username": "...", "password": "..."}, naming each missing or mistyped field.
FieldErrors read_credentials(const Json& body, std::string& username, std::string& password) {
  FieldErrors errors;
  if (!body.is_object()) return {{"", "object", "body must be a JSON object"}};
  for (auto [name, target] : {std::pair{"username", &username}, std::pair{"password", &password}}) {
    auto it = body.find(name);
    if (it == body.end() || !it->is_string() || it->get_ref<const std::string&>().empty()) {
      errors.push_back({name, "required", std::string(name) + " must be a non-empty string"});
    } else {
      *target = it->get<std::string>();
    }
  }
  return errors;
}

// Who is signed in, and the clinic's time zone: the clock of "today" on every screen, whatever the
// browser's own zone.
OrderedJson signed_in(ApiServices& services, const StaffAccount& staff) {
  return {{"user", staff_to_json(staff)},
          {"clinic", {{"time_zone", services.settings.get()->schedule.time_zone_name}}}};
}

http::Response who_am_i(ApiServices& services, RequestContext& context) {
  return json_response(200, signed_in(services, *context.staff));
}

http::Response sign_in(ApiServices& services, RequestContext& context) {
  Json body;
  if (auto refusal = read_json_body(context, body)) return *refusal;
  std::string username, password;
  if (auto errors = read_credentials(body, username, password); !errors.empty()) {
    return invalid_input("Sign-in needs a username and a password", errors);
  }
  const SignInResult result = services.sign_in.attempt(username, password, context.now);
  AuditEntry entry = audit_entry(context, "staff.sign_in", "failure");
  entry.username = username;
  if (result.outcome == SignInOutcome::locked_out) {
    entry.detail = "locked out after repeated failures";
    services.store.append_audit(entry);
    const auto wait_s = (result.locked_until->epoch_ms - context.now.epoch_ms + 999) / 1000;
    return problem(429, "sign-in-locked", "Too many failed sign-ins",
                   "sign-in for this username is paused after repeated failures; try again in " +
                       std::to_string((wait_s + 59) / 60) + " minutes")
        .with_header("Retry-After", std::to_string(wait_s));
  }
  if (result.outcome == SignInOutcome::wrong_credentials) {
    services.store.append_audit(entry);
    return problem(401, "wrong-credentials", "Sign-in failed",
                   "the username or the password is wrong");
  }
  entry.staff_id = result.staff->id;
  entry.role = std::string(to_string(result.staff->role));
  entry.outcome = "success";
  services.store.append_audit(entry);
  OrderedJson answer = signed_in(services, *result.staff);
  answer["token"] = result.token;
  return json_response(200, answer)
      .with_header("Set-Cookie", session_cookie(result.token, services.options, false));
}

http::Response sign_out(ApiServices& services, RequestContext& context) {
  services.sign_in.sign_out(session_token(context.request));
  services.store.append_audit(audit_entry(context, "staff.sign_out", "success"));
  return http::Response{204, "application/json", {}, ""}.with_header(
      "Set-Cookie", session_cookie("", services.options, true));
}

}  // namespace

OrderedJson staff_to_json(const StaffAccount& staff) {
  OrderedJson permissions = OrderedJson::array();
  for (auto p : all_permissions()) {
    if (role_may(staff.role, p)) permissions.push_back(to_string(p));
  }
  return {{"id", staff.id},
          {"username", staff.username},
          {"role", to_string(staff.role)},
          {"permissions", permissions}};
}

void add_session_routes(Router& router, ApiServices& services) {
  router.add("POST", "/api/v1/session", Access::public_route(), with_services(services, sign_in));
  router.add("GET", "/api/v1/session", Access::signed_in(), with_services(services, who_am_i));
  router.add("DELETE", "/api/v1/session", Access::signed_in(), with_services(services, sign_out));
}

}  // namespace plasticity::server
