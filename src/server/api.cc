#include "server/api.h"

#include <spdlog/spdlog.h>

#include <chrono>

#include "core/utf8.h"
#include "server/fhir/bulk_export.h"
#include "server/fhir/fhir_json.h"
#include "server/forecast/forecast_models.h"
#include "server/http/credentials.h"
#include "server/http/problem.h"
#include "server/http/request_guard.h"
#include "server/http/request_support.h"
#include "server/http/static_files.h"
#include "server/live/live_hub.h"
#include "server/live/session_monitor.h"
#include "server/outbox/outbox_delivery.h"

namespace plasticity::server {
namespace {

// A client may name its request (for tracing across systems) if the name is short and plain.
std::string request_id_for(const http::Request& request) {
  const auto given = request.header("x-request-id");
  if (given && !given->empty() && given->size() <= 64 &&
      given->find_first_not_of(
          "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") ==
          std::string::npos) {
    return *given;
  }
  return new_random_id();
}

// The path as it may be logged: a patient link's token is a credential, so it is masked.
std::string loggable_path(const std::string& path) {
  for (const std::string prefix : {"/api/v1/links/", "/q/"}) {
    if (path.rfind(prefix, 0) == 0) {
      const std::size_t end = path.find('/', prefix.size());
      return prefix + "…" + (end == std::string::npos ? "" : path.substr(end));
    }
  }
  return path;
}

void add_security_headers(http::Response& response, bool is_api) {
  response.with_header("X-Content-Type-Options", "nosniff");
  response.with_header("Referrer-Policy", "no-referrer");
  response.with_header("X-Frame-Options", "DENY");
  response.with_header(
      "Content-Security-Policy",
      "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
      "frame-ancestors 'none'");
  // Patient data must not linger in browser or proxy caches.
  if (is_api) response.with_header("Cache-Control", "no-store");
}

}  // namespace

UtcTime system_now() {
  using namespace std::chrono;
  return UtcTime{duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count()};
}

Api::Api(Store& store, const InstrumentCatalog& instruments, const ProtocolCatalog& protocols,
         ClinicSettings settings, ApiOptions options, Clock clock)
    : store_(store),
      options_(std::move(options)),
      clock_(std::move(clock)),
      sign_in_(store, options_.sign_in),
      hub_(std::make_unique<LiveHub>(store)),
      monitor_(std::make_unique<SessionMonitor>(store, protocols, *hub_,
                                                options_.reading_lookback_minutes)),
      settings_(std::move(settings)),
      forecasts_(std::make_unique<ForecastModels>(store, instruments, protocols, settings_,
                                                  options_.forecast_evidence)),
      exports_(std::make_unique<fhir::BulkExports>(store, instruments, protocols, clock_)),
      services_{store_, sign_in_,  options_,  instruments, protocols,
                *hub_,  *monitor_, settings_, *forecasts_, *exports_} {
  router_.add("GET", "/healthz", Access::public_route(), [this](RequestContext&) {
    return json_response(200, {{"status", "ok"},
                               {"version", options_.version},
                               {"schema_version", store_.schema_version()}});
  });
  add_session_routes(router_, services_);
  add_patient_routes(router_, services_);
  add_audit_routes(router_, services_);
  add_assessment_routes(router_, services_);
  add_link_routes(router_, services_);
  add_alert_routes(router_, services_);
  add_treatment_session_routes(router_, services_);
  add_vitals_routes(router_, services_);
  add_screening_routes(router_, services_);
  add_plan_routes(router_, services_);
  add_schedule_routes(router_, services_);
  add_outbox_routes(router_, services_);
  add_rota_routes(router_, services_);
  add_therapy_note_routes(router_, services_);
  add_staff_routes(router_, services_);
  add_settings_routes(router_, services_);
  add_report_routes(router_, services_);
  add_forecast_routes(router_, services_);
  add_session_event_routes(router_, services_);
  add_prediction_routes(router_, services_);
  add_fhir_routes(router_, services_);
  add_research_routes(router_, services_);
  add_import_routes(router_, services_);
  store_.listen([this](const Announcement& heard) { hear(heard); });
}

Api::~Api() { store_.listen({}); }

std::optional<http::Response> Api::admit_live(const http::Request& request) {
  const UtcTime now = clock_();
  const auto staff = sign_in_.recognise(session_token(request), now);
  if (!staff) {
    return problem(401, "not-signed-in", "Sign-in required",
                   "sign in before opening the live feed");
  }
  if (!role_may(staff->role, Permission::read_sessions)) {
    return problem(403, "forbidden", "Not allowed for your role",
                   "the live feed needs read_sessions (see docs/roles.md)");
  }
  // Browsers send Origin on WebSocket upgrades and no CORS applies: refuse other sites' pages.
  if (!is_same_origin(request)) {
    return problem(403, "cross-origin", "Cross-origin live feed refused",
                   "the live feed only serves pages of this server");
  }
  // The feed carries every active session's vital signs and alarms: opening it is a read.
  AuditEntry entry;
  entry.at = now;
  entry.staff_id = staff->id;
  entry.username = staff->username;
  entry.role = std::string(to_string(staff->role));
  entry.action = "live.subscribe";
  entry.outcome = "success";
  entry.request_id = new_random_id();
  entry.client_address = request.client_address;
  entry.detail = "nurse station live feed";
  store_.append_audit(entry);
  return std::nullopt;
}

void Api::subscribe(const http::Request& request, std::weak_ptr<http::LiveSubscriber> subscriber) {
  {
    std::lock_guard lock(live_clients_mutex_);
    live_clients_.push_back({subscriber, session_token(request)});
  }
  hub_->subscribe(std::move(subscriber));
}

int Api::refit_forecasts_nightly() {
  try {
    return forecasts_->refit_nightly(clock_());
  } catch (const std::exception& error) {
    spdlog::error("refitting the forecast models failed: {}", error.what());
    return 0;
  }
}

int Api::deliver_outbox() {
  // One server e-mails the outbox, or a patient would get each message once per server.
  if (!options_.smtp || !store_.claim(Duty::deliver_outbox, "")) return 0;
  try {
    return deliver_due_messages(services_, SmtpMailer{*options_.smtp}, options_.smtp->public_url,
                                clock_());
  } catch (const std::exception& error) {
    spdlog::error("delivering the outbox failed: {}", error.what());
    return 0;
  }
}

void Api::tick() {
  const UtcTime now = clock_();
  try {
    monitor_->tick(now);
  } catch (const std::exception& error) {
    spdlog::error("judging time-based alarms failed: {}", error.what());
  }
  exports_->expire(now);
  // Patient data stops flowing to a browser whose staff session ended.
  std::vector<std::shared_ptr<http::LiveSubscriber>> ended;
  {
    std::lock_guard lock(live_clients_mutex_);
    std::erase_if(live_clients_, [&](const LiveClient& client) {
      auto subscriber = client.subscriber.lock();
      if (!subscriber) return true;
      if (sign_in_.is_live(client.token, now)) return false;
      ended.push_back(std::move(subscriber));
      return true;
    });
  }
  for (const auto& subscriber : ended) subscriber->close();
}

http::Response Api::handle(const http::Request& request) {
  const auto started = std::chrono::steady_clock::now();
  const std::string target = request.target;
  const std::size_t question = target.find('?');
  const auto path = http::percent_decode(target.substr(0, question), false);
  const auto query = question == std::string::npos
                         ? std::optional<std::map<std::string, std::string>>(std::in_place)
                         : http::parse_query(std::string_view(target).substr(question + 1));
  RequestContext context{request,
                         path.value_or(""),
                         query.value_or(std::map<std::string, std::string>{}),
                         {},
                         request_id_for(request),
                         clock_(),
                         std::nullopt,
                         std::nullopt};
  const bool is_fhir = context.path == "/fhir" || context.path.rfind("/fhir/", 0) == 0;
  const bool is_api = context.path.rfind("/api/", 0) == 0 || context.path == "/healthz" || is_fhir;
  http::Response response;
  if (!path || !query || context.path.empty() || context.path.front() != '/') {
    response = problem(400, "bad-target", "Malformed request target",
                       "the path or query has a broken %-escape");
  } else if (auto refusal = check_target_text(context.path, context.query)) {
    response = std::move(*refusal);
  } else if (auto bad_host = check_host(request)) {
    response = std::move(*bad_host);
  } else if (is_api) {
    try {
      response = route(context);
    } catch (const std::exception& error) {
      // A broken invariant or a storage failure: the transaction rolled back; say so, log why.
      spdlog::error("{} {} failed: {} id={}", request.method, loggable_path(context.path),
                    error.what(), context.request_id);
      response = problem(500, "internal-error", "Internal error",
                         "the request failed and changed nothing; quote request id " +
                             context.request_id + " to the administrator");
    }
  } else if (request.method != "GET") {
    response = problem(405, "method-not-allowed", "Method not allowed", "the web UI is read-only")
                   .with_header("Allow", "GET");
  } else {
    auto file = serve_web_file(options_.web_root, context.path);
    response = file ? std::move(*file)
                    : problem(404, "not-found", "Not found", context.path + " does not exist");
  }
  if (is_fhir) response = fhir::as_operation_outcome(std::move(response));
  response.with_header("X-Request-Id", context.request_id);
  add_security_headers(response, is_api);
  const auto elapsed = std::chrono::duration_cast<std::chrono::microseconds>(
      std::chrono::steady_clock::now() - started);
  // Paths only, never query strings (a search can carry a patient's name), and no link tokens;
  // refused paths as sent may be long and not UTF-8.
  spdlog::info("{} {} {} {:.1f}ms id={}", request.method,
               valid_utf8(loggable_path(context.path.substr(0, 200))), response.status,
               elapsed.count() / 1000.0, context.request_id);
  return response;
}

http::Response Api::route(RequestContext& context) {
  auto match = router_.match(context.request.method, context.path);
  if (!match) {
    const auto allowed = router_.methods_for(context.path);
    if (allowed.empty()) {
      return problem(404, "not-found", "Not found", context.path + " is not part of the API");
    }
    std::string allow;
    for (const auto& method : allowed) allow += (allow.empty() ? "" : ", ") + method;
    return problem(405, "method-not-allowed", "Method not allowed",
                   context.request.method + " is not allowed here; use " + allow)
        .with_header("Allow", allow);
  }
  if (auto refusal = check_body_media_type(context.request)) return *refusal;
  if (auto refusal = check_cookie_write_origin(context.request)) return *refusal;
  context.params = std::move(match->params);
  const Access access = match->route->access;
  if (access.kind == Access::Kind::device_or) {
    const std::string token = session_token(context.request);
    if (!token.empty()) context.device = store_.find_device_credential(token_hash(token));
  }
  if (access.kind != Access::Kind::public_route && !context.device) {
    context.staff = sign_in_.recognise(session_token(context.request), context.now);
    if (!context.staff) {
      return problem(401, "not-signed-in", "Sign-in required",
                     "sign in first: POST /api/v1/session, then send the cookie or bearer token")
          .with_header("WWW-Authenticate", "Bearer");
    }
    if (access.kind != Access::Kind::signed_in &&
        !role_may(context.staff->role, access.permission)) {
      return forbid(context, access.permission);
    }
  }
  return match->route->handler(context);
}

http::Response Api::forbid(RequestContext& context, Permission permission) {
  const std::string needed(to_string(permission));
  // Only a /patients/{id} route names a patient; elsewhere {id} is a session, plan or note.
  auto id = context.params.find("id");
  const bool names_patient =
      id != context.params.end() && context.path.rfind("/api/v1/patients/", 0) == 0;
  store_.append_audit(
      audit_entry(context, "permission.denied", "denied",
                  names_patient ? std::optional<std::string>(id->second) : std::nullopt,
                  context.request.method + " " + context.path + " needs " + needed));
  return problem(403, "forbidden", "Not allowed for your role",
                 "the role " + std::string(to_string(context.staff->role)) + " may not " + needed +
                     " (see docs/roles.md)");
}

}  // namespace plasticity::server
