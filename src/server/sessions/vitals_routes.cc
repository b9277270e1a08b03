// Vital signs into a session as JSON batches (gateways with a device token, nurses by hand), the
// session's vital-sign stream out, and the registration of devices.
#include "server/api.h"
#include "server/http/credentials.h"
#include "server/http/problem.h"
#include "server/live/session_monitor.h"
#include "server/sessions/session_json.h"

namespace plasticity::server {
namespace {

constexpr std::size_t kMaxBatch = 5000;
constexpr std::size_t kMaxIdLength = 100;

// The member `key` of an object, or null when there is none: by reference, because a batch holds
// thousands of readings and Json::value() copies each member it returns (the readings list whole).
const Json& member_or_null(const Json& object, const char* key) {
  static const Json kNull;
  if (!object.is_object()) return kNull;
  const auto found = object.find(key);
  return found == object.end() ? kNull : *found;
}

// What every reading of a batch is judged against.
struct BatchContext {
  const SessionMonitor& monitor;
  const TreatmentSession& session;
  const std::string& default_device;
  UtcTime now;
};

std::optional<VitalReading> read_reading(const Json& json, const std::string& path,
                                         const BatchContext& batch, FieldErrors& errors) {
  const std::string& default_device = batch.default_device;
  const UtcTime now = batch.now;
  if (!json.is_object()) {
    errors.push_back({path, "object", path + " must be an object"});
    return std::nullopt;
  }
  const std::size_t before = errors.size();
  VitalReading reading;
  reading.received_at = now;
  const Json& kind = member_or_null(json, "kind");
  const auto kind_found =
      kind.is_string() ? parse_vital_kind(kind.get<std::string>()) : std::nullopt;
  const VitalKind kind_value = kind_found.value_or(VitalKind::heart_rate);
  const VitalKind* parsed_kind = kind_found ? &kind_value : nullptr;
  if (!parsed_kind) {
    errors.push_back(
        {path + "/kind", "one_of", "kind must be sbp, dbp, map, hr, spo2, rr, temp or etco2"});
  }
  const Json& at = member_or_null(json, "at");
  const auto parsed_at = at.is_string() ? parse_iso8601(at.get<std::string>()) : std::nullopt;
  if (!parsed_at) {
    errors.push_back({path + "/at", "timestamp", "at must be an ISO 8601 time"});
  } else if (auto wrong = batch.monitor.check_time(batch.session, *parsed_at, now)) {
    errors.push_back({path + "/at", "plausible_time", *wrong});
  }
  const Json& value = member_or_null(json, "value");
  if (!value.is_number()) errors.push_back({path + "/value", "number", "value must be a number"});
  const Json& unit = member_or_null(json, "unit");
  if (!unit.is_string()) errors.push_back({path + "/unit", "required", "unit is required"});
  // The reading's own device, else the sender's (the gateway's, or "manual:" and the nurse).
  const Json& device = member_or_null(json, "device_id");
  const std::string* device_id = !json.contains("device_id") ? &default_device
                                 : device.is_string()        ? &device.get_ref<const std::string&>()
                                                             : nullptr;
  if (!device_id || device_id->empty() || device_id->size() > kMaxIdLength) {
    errors.push_back({path + "/device_id", "text", "device_id must be 1 to 100 characters"});
  }
  if (errors.size() != before) return std::nullopt;
  if (auto problem_text =
          check_reading(*parsed_kind, value.get<double>(), unit.get<std::string>())) {
    errors.push_back({path + "/value", "possible", *problem_text});
    return std::nullopt;
  }
  reading.kind = *parsed_kind;
  reading.value = value.get<double>();
  reading.measured_at = *parsed_at;
  reading.device_id = *device_id;
  return reading;
}

AuditEntry vitals_audit(const RequestContext& context, const TreatmentSession& session,
                        std::size_t count) {
  const std::string detail = "session " + session.id + ": " + std::to_string(count) + " readings";
  if (context.device) {
    AuditEntry entry = audit_entry(context, "vitals.record", "success", session.patient_id, detail);
    entry.staff_id = std::nullopt;
    entry.username = "device:" + context.device->device_id;
    entry.role = "device";
    return entry;
  }
  return audit_entry(context, "vitals.record", "success", session.patient_id, detail);
}

http::Response record_vitals(ApiServices& services, RequestContext& context) {
  const std::string& id = context.params.at("id");
  Json body;
  if (auto refusal = read_json_body(context, body)) return *refusal;
  const Json& readings = member_or_null(body, "readings");
  if (!readings.is_array() || readings.empty() || readings.size() > kMaxBatch) {
    return invalid_input("No readings",
                         {{"readings", "list", "readings must be a list of 1 to 5000 readings"}});
  }
  const auto session = services.store.find_treatment_session(id);
  if (!session) return session_not_found(id);
  if (is_finished(session->phase)) {
    return problem(
        409, "session-finished", "Session finished",
        "the session is " + std::string(to_string(session->phase)) + "; its readings are closed");
  }
  const std::string default_device =
      context.device ? context.device->device_id : "manual:" + context.staff->username;
  FieldErrors errors;
  std::vector<VitalReading> batch;
  batch.reserve(readings.size());
  for (std::size_t i = 0; i < readings.size(); ++i) {
    auto reading = read_reading(readings[i], "readings/" + std::to_string(i),
                                {services.monitor, *session, default_device, context.now}, errors);
    if (reading) batch.push_back(std::move(*reading));
  }
  // All or nothing: one bad reading refuses the batch, so a gateway can fix and resend it whole.
  if (!errors.empty()) return invalid_input("Some readings are not valid", errors);
  const std::size_t stored = services.monitor.ingest(
      *session, batch, vitals_audit(context, *session, batch.size()), context.now);
  return json_response(200, {{"stored", stored}, {"duplicates", batch.size() - stored}});
}

http::Response read_vitals(ApiServices& services, RequestContext& context) {
  const std::string& id = context.params.at("id");
  const auto session = services.store.find_treatment_session(id);
  if (!session) return session_not_found(id);
  std::optional<UtcTime> since;
  if (context.query.contains("since")) {
    since = parse_iso8601(context.query.at("since"));
    if (!since) {
      return invalid_input("Bad since", {{"since", "timestamp", "since must be an ISO 8601 time"}});
    }
  }
  OrderedJson items = OrderedJson::array();
  for (const auto& reading : services.store.session_vitals(id, since)) {
    items.push_back(vital_reading_to_json(reading));
  }
  services.store.append_audit(
      audit_entry(context, "vitals.read", "success", session->patient_id, "session " + id));
  return json_response(200, {{"items", items}});
}

http::Response register_device(ApiServices& services, RequestContext& context) {
  Json body;
  if (auto refusal = read_json_body(context, body)) return *refusal;
  const Json device_id = body.is_object() ? body.value("device_id", Json()) : Json();
  const Json label = body.is_object() ? body.value("label", Json("")) : Json();
  FieldErrors errors;
  if (!device_id.is_string() || device_id.get<std::string>().empty() ||
      device_id.get<std::string>().size() > kMaxIdLength) {
    errors.push_back({"device_id", "text", "device_id must be 1 to 100 characters"});
  }
  if (!label.is_string() || label.get<std::string>().size() > kMaxIdLength) {
    errors.push_back({"label", "text", "label must be at most 100 characters"});
  }
  if (!errors.empty()) return invalid_input("The device is not valid", errors);
  const std::string token = new_session_token();
  services.store.create_device_credential(
      {device_id.get<std::string>(), token_hash(token), label.get<std::string>(), context.staff->id,
       context.now},
      audit_entry(context, "device.register", "success", std::nullopt,
                  "device " + device_id.get<std::string>()));
  // The token is shown once; the store keeps only its hash. Registering again replaces it.
  return json_response(201, {{"device_id", device_id}, {"label", label}, {"token", token}});
}

http::Response list_devices(ApiServices& services, RequestContext&) {
  OrderedJson items = OrderedJson::array();
  for (const auto& d : services.store.device_credentials()) {
    items.push_back({{"device_id", d.device_id},
                     {"label", d.label},
                     {"registered_at", to_iso8601(d.created_at)}});
  }
  return json_response(200, {{"items", items}});
}

// A lost or retired monitor's token stops working at once; its readings stay.
http::Response revoke_device(ApiServices& services, RequestContext& context) {
  const std::string& id = context.params.at("device_id");
  if (!services.store.revoke_device(
          id, audit_entry(context, "device.revoke", "success", std::nullopt, "device " + id))) {
    return problem(404, "device-not-found", "No such device", "no registered device " + id);
  }
  return http::Response{204, "application/json", {}, ""};
}

}  // namespace

bool is_vital_sign_post(const http::Request& request) {
  const std::string_view target = request.target;
  const std::string_view prefix = "/api/v1/sessions/", suffix = "/vitals";
  return request.method == "POST" && target.size() > prefix.size() + suffix.size() &&
         target.starts_with(prefix) && target.ends_with(suffix) &&
         target.find('/', prefix.size()) == target.size() - suffix.size();
}

void add_vitals_routes(Router& router, ApiServices& services) {
  router.add("POST", "/api/v1/sessions/{id}/vitals", Access::device_or(Permission::run_sessions),
             with_services(services, record_vitals));
  router.add("GET", "/api/v1/sessions/{id}/vitals", Access::needs(Permission::read_sessions),
             with_services(services, read_vitals));
  router.add("POST", "/api/v1/devices", Access::needs(Permission::manage_devices),
             with_services(services, register_device));
  router.add("GET", "/api/v1/devices", Access::needs(Permission::manage_devices),
             with_services(services, list_devices));
  router.add("DELETE", "/api/v1/devices/{device_id}", Access::needs(Permission::manage_devices),
             with_services(services, revoke_device));
}

}  // namespace plasticity::server
