// GET /api/v1/audit: the audit trail, newest first, filtered by patient (id or MRN), username,
// action and time range, device readings hidden on request, each patient named; and the same
// filtered trail as CSV for a compliance officer. Reading the trail is itself audited.
#include "server/api.h"
#include "server/http/problem.h"
#include "server/http/request_support.h"
#include "server/patients/patient_json.h"

namespace plasticity::server {
namespace {

std::optional<UtcTime> read_time(const RequestContext& context, const std::string& name,
                                 FieldErrors& errors) {
  auto it = context.query.find(name);
  if (it == context.query.end()) return std::nullopt;
  auto time = parse_iso8601(it->second);
  if (!time) {
    errors.push_back(
        {name, "datetime", name + " must be an ISO 8601 time such as 2026-11-22T08:00:00Z"});
  }
  return time;
}

std::optional<std::string> read_text(const RequestContext& context, const std::string& name) {
  auto it = context.query.find(name);
  if (it == context.query.end() || it->second.empty()) return std::nullopt;
  return it->second;
}

std::optional<std::int64_t> read_cursor(const RequestContext& context, FieldErrors& errors) {
  auto cursor = read_text(context, "cursor");
  if (!cursor) return std::nullopt;
  const auto id = parse_whole_number(*cursor);
  if (!id)
    errors.push_back({"cursor", "cursor", "cursor must be the next_cursor of a previous page"});
  return id;
}

OrderedJson entry_to_json(const AuditEntry& e, PatientBriefs& patients) {
  auto optional = [](const auto& value) { return value ? OrderedJson(*value) : OrderedJson(); };
  return {{"id", e.id},
          {"at", to_iso8601(e.at)},
          {"staff_id", optional(e.staff_id)},
          {"username", e.username},
          {"role", e.role},
          {"action", e.action},
          {"outcome", e.outcome},
          {"patient_id", optional(e.patient_id)},
          {"patient", e.patient_id ? patients(*e.patient_id) : OrderedJson()},
          {"request_id", e.request_id},
          {"client_address", e.client_address},
          {"detail", e.detail},
          {"shown_patient_ids", e.shown_patient_ids}};
}

// The query's filters, from ?patient_id= or ?mrn=, username, action, from, to, hide_devices.
std::variant<AuditQuery, http::Response> read_query(ApiServices& services,
                                                    const RequestContext& context,
                                                    int default_limit, int max_limit) {
  FieldErrors errors;
  AuditQuery query;
  query.patient_id = read_text(context, "patient_id");
  if (const auto mrn = read_text(context, "mrn")) {
    const auto patient = services.store.find_patient_by_mrn(*mrn);
    if (!patient) {
      return problem(404, "patient-not-found", "No such patient", "no patient has the MRN " + *mrn);
    }
    query.patient_id = patient->id;
  }
  query.username = read_text(context, "username");
  query.action = read_text(context, "action");
  const auto hide = read_text(context, "hide_devices");
  if (hide && *hide != "true" && *hide != "false") {
    errors.push_back({"hide_devices", "boolean", "hide_devices must be true or false"});
  }
  query.hide_device_readings = hide == "true";
  query.from = read_time(context, "from", errors);
  query.to = read_time(context, "to", errors);
  query.before_id = read_cursor(context, errors);
  query.limit = query_limit(context, default_limit, max_limit, errors);
  if (!errors.empty()) return invalid_input("The audit query is not valid", errors);
  return query;
}

http::Response read_audit(ApiServices& services, RequestContext& context) {
  auto read = read_query(services, context, 100, 1000);
  if (auto* refusal = std::get_if<http::Response>(&read)) return std::move(*refusal);
  const AuditQuery& query = std::get<AuditQuery>(read);
  services.store.append_audit(audit_entry(context, "audit.read", "success", query.patient_id));
  const auto entries = services.store.query_audit(query);
  PatientBriefs patients{services.store};
  OrderedJson items = OrderedJson::array();
  for (const auto& entry : entries) items.push_back(entry_to_json(entry, patients));
  const bool full_page = static_cast<int>(entries.size()) == query.limit;
  return json_response(
      200, {{"items", items},
            {"next_cursor",
             full_page ? OrderedJson(std::to_string(entries.back().id)) : OrderedJson()}});
}

// One CSV field (RFC 4180): quoted when it must be, and a leading = + - @ defused so a
// spreadsheet shows the text instead of running it as a formula.
std::string csv_field(std::string text) {
  if (!text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos) {
    text.insert(0, "'");
  }
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

// The filtered trail as CSV, newest first, up to 100,000 rows a file (the cursor of the last row
// continues it, in the X-Next-Cursor header).
http::Response export_audit(ApiServices& services, RequestContext& context) {
  auto read = read_query(services, context, 100000, 100000);
  if (auto* refusal = std::get_if<http::Response>(&read)) return std::move(*refusal);
  const AuditQuery& query = std::get<AuditQuery>(read);
  const auto entries = services.store.query_audit(query);
  services.store.append_audit(audit_entry(context, "audit.export", "success", query.patient_id,
                                          std::to_string(entries.size()) + " entries"));
  PatientBriefs patients{services.store};
  std::string csv =
      "id,at,username,role,action,outcome,patient_mrn,patient_name,patient_id,shown_patients,"
      "client_address,request_id,detail\r\n";
  for (const auto& e : entries) {
    const OrderedJson patient = e.patient_id ? patients(*e.patient_id) : OrderedJson();
    const std::vector<std::string> fields{
        std::to_string(e.id),
        to_iso8601(e.at),
        e.username,
        e.role,
        e.action,
        e.outcome,
        patient.is_null() ? "" : patient["mrn"].get<std::string>(),
        patient.is_null() ? ""
                          : patient["family_name"].get<std::string>() + ", " +
                                patient["given_name"].get<std::string>(),
        e.patient_id.value_or(""),
        std::to_string(e.shown_patient_ids.size()),
        e.client_address,
        e.request_id,
        e.detail};
    for (std::size_t i = 0; i < fields.size(); ++i) {
      csv += (i ? "," : "") + csv_field(fields[i]);
    }
    csv += "\r\n";
  }
  http::Response response{200, "text/csv; charset=utf-8", {}, std::move(csv)};
  response =
      response.with_header("Content-Disposition", "attachment; filename=\"audit-trail.csv\"");
  if (static_cast<int>(entries.size()) == query.limit) {
    response = response.with_header("X-Next-Cursor", std::to_string(entries.back().id));
  }
  return response;
}

}  // namespace

void add_audit_routes(Router& router, ApiServices& services) {
  router.add("GET", "/api/v1/audit", Access::needs(Permission::read_audit),
             with_services(services, read_audit));
  router.add("GET", "/api/v1/audit.csv", Access::needs(Permission::read_audit),
             with_services(services, export_audit));
}

}  // namespace plasticity::server
