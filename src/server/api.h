// Api: the JSON API under /api/v1, /healthz and the web UI's files, as one request handler.
//
// For every request it: parses the target, gives the request an id, recognises the staff member
// (session cookie or bearer token), refuses what the route's Access does not allow (401/403, the
// refusal audited), runs the route, and adds the security headers. Routes live in *_routes.cc.
//
//   Api api{store, options, [] { return system_now(); }};
//   http::HttpServer server{server_options, [&](const http::Request& r) { return api.handle(r); }};
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "interop/forecast_evidence_json.h"
#include "interop/instrument_json.h"
#include "interop/planning_json.h"
#include "interop/protocol_json.h"
#include "interop/published_outcomes_json.h"
#include "server/http/http_types.h"
#include "server/http/router.h"
#include "server/http/sign_in.h"
#include "server/outbox/smtp_mailer.h"
#include "server/settings/current_settings.h"
#include "storage/store.h"

namespace plasticity::server {

struct ApiOptions {
  std::filesystem::path web_root;  // the built UI; empty serves no UI
  SignInPolicy sign_in;
  bool secure_cookies = false;  // add "Secure" to the session cookie (when served over HTTPS)
  std::string version;
  int reading_lookback_minutes = kDefaultReadingLookbackMinutes;
  // A dose from a chart weight older than this before the session says so (clinic default,
  // unverified: no source gives a maximum age for a dosing weight).
  int weight_max_age_days = 30;
  // The clinic's SMTP relay (DATA/smtp.json); without it nothing is e-mailed.
  std::optional<SmtpSettings> smtp;
  // Published outcome figures shown beside the clinic's own (interop/published_outcomes_json.h).
  std::vector<PublishedFigure> published_outcomes;
  // The published evidence of the early-response forecast (interop/forecast_evidence_json.h).
  ForecastEvidence forecast_evidence;
  int link_valid_hours = 96;  // self-report links: 4 days by default (Greenspace's default expiry)
  // The clinic's key for research ids (DATA/research_key, made on first use).
  std::filesystem::path research_key_file;
  // The research export's k: refused when fewer patients share the rarest birth decade, sex and
  // diagnosis (Plasticity's default, the CMS small-cell threshold of 11; `serve --research-min-k`).
  int research_min_k = 11;
};

using Clock = std::function<UtcTime()>;

UtcTime system_now();

// A batch of vital signs from a monitor or a nurse (POST /api/v1/sessions/{id}/vitals): the server
// runs these on their own threads, so no other client's work can hold a monitor's readings up.
bool is_vital_sign_post(const http::Request& request);

// What route handlers share.
class SessionMonitor;
class LiveHub;
class ForecastModels;
namespace fhir {
class BulkExports;
}

struct ApiServices {
  Store& store;
  SignIn& sign_in;
  const ApiOptions& options;
  const InstrumentCatalog& instruments;
  const ProtocolCatalog& protocols;
  LiveHub& hub;
  SessionMonitor& monitor;
  CurrentSettings& settings;
  ForecastModels& forecasts;
  fhir::BulkExports& exports;
};

// Adapts `handler(services, context)` to a RouteHandler.
using ServicesHandler = http::Response (*)(ApiServices&, RequestContext&);
inline RouteHandler with_services(ApiServices& services, ServicesHandler handler) {
  return [&services, handler](RequestContext& context) { return handler(services, context); };
}

class Api {
 public:
  Api(Store& store, const InstrumentCatalog& instruments, const ProtocolCatalog& protocols,
      ClinicSettings settings, ApiOptions options, Clock clock);
  ~Api();
  http::Response handle(const http::Request& request);
  // A WebSocket upgrade for the live feed (/api/v1/live): the refusal to send, or nullopt to
  // accept, after which the server calls subscribe() with the open connection.
  std::optional<http::Response> admit_live(const http::Request& request);
  void subscribe(const http::Request& request, std::weak_ptr<http::LiveSubscriber> subscriber);
  // Judges time-based alarms (a disconnected monitor) and closes live feeds whose staff session
  // ended (signed out, expired); the server calls it every second.
  void tick();
  // E-mails the outbox messages that are due (outbox/outbox_delivery.h); the server calls it
  // every --outbox-every-seconds. Returns how many were sent; 0 without an SMTP relay.
  int deliver_outbox();
  // Refits the forecast models once a night (forecast/forecast_models.h); the server calls it
  // every minute.
  int refit_forecasts_nightly();
  SessionMonitor& monitor() { return *monitor_; }
  CurrentSettings& settings() { return settings_; }

 private:
  // What another server on the database announced (live/other_servers.cc).
  void hear(const Announcement& heard);
  http::Response route(RequestContext& context);
  http::Response forbid(RequestContext& context, Permission permission);

  Store& store_;
  ApiOptions options_;
  Clock clock_;
  SignIn sign_in_;
  std::unique_ptr<LiveHub> hub_;
  struct LiveClient {
    std::weak_ptr<http::LiveSubscriber> subscriber;
    std::string token;
  };
  std::mutex live_clients_mutex_;
  std::vector<LiveClient> live_clients_;
  std::unique_ptr<SessionMonitor> monitor_;
  CurrentSettings settings_;
  std::unique_ptr<ForecastModels> forecasts_;
  std::unique_ptr<fhir::BulkExports> exports_;
  ApiServices services_;
  Router router_;
};

// Route registration, one function per family (staff/session_routes.cc, patients/patient_routes.cc,
// ...).
void add_session_routes(Router& router, ApiServices& services);
void add_patient_routes(Router& router, ApiServices& services);
void add_audit_routes(Router& router, ApiServices& services);
void add_assessment_routes(Router& router, ApiServices& services);
void add_link_routes(Router& router, ApiServices& services);
void add_alert_routes(Router& router, ApiServices& services);
void add_treatment_session_routes(Router& router, ApiServices& services);
void add_vitals_routes(Router& router, ApiServices& services);
void add_session_event_routes(Router& router, ApiServices& services);
void add_prediction_routes(Router& router, ApiServices& services);
void add_screening_routes(Router& router, ApiServices& services);
void add_plan_routes(Router& router, ApiServices& services);
void add_schedule_routes(Router& router, ApiServices& services);
void add_outbox_routes(Router& router, ApiServices& services);
void add_rota_routes(Router& router, ApiServices& services);
void add_therapy_note_routes(Router& router, ApiServices& services);
void add_staff_routes(Router& router, ApiServices& services);
void add_settings_routes(Router& router, ApiServices& services);
void add_report_routes(Router& router, ApiServices& services);
void add_forecast_routes(Router& router, ApiServices& services);
void add_fhir_routes(Router& router, ApiServices& services);  // fhir/fhir_routes.cc, under /fhir
void add_bulk_export_routes(Router& router, ApiServices& services);
void add_research_routes(Router& router, ApiServices& services);  // research/research_routes.cc
void add_import_routes(Router& router, ApiServices& services);    // imports/import_routes.cc

// After a session of a treatment plan is discharged: raises the plan's futility review when its
// review point is reached without a response (planning/plan_routes.cc).
void review_plan_after_discharge(ApiServices& services, const RequestContext& context,
                                 const TreatmentSession& session);

}  // namespace plasticity::server
