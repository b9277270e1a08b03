// GET /api/v1/audit: the audit trail, newest first, filtered by patient, username and time range.
// Reading the trail is itself audited.
#include "server/api.h"
#include "server/http/problem.h"
#include "server/http/request_support.h"

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

OrderedJson entry_to_json(const AuditEntry& e) {
  auto optional = [](const auto& value) { return value ? OrderedJson(*value) : OrderedJson(); };
  return {{"id", e.id},
          {"at", to_iso8601(e.at)},
          {"staff_id", optional(e.staff_id)},
          {"username", e.username},
          {"role", e.role},
          {"action", e.action},
          {"outcome", e.outcome},
          {"patient_id", optional(e.patient_id)},
          {"request_id", e.request_id},
          {"client_address", e.client_address},
          {"detail", e.detail},
          {"shown_patient_ids", e.shown_patient_ids}};
}

http::Response read_audit(ApiServices& services, RequestContext& context) {
  FieldErrors errors;
  AuditQuery query;
  query.patient_id = read_text(context, "patient_id");
  query.username = read_text(context, "username");
  query.from = read_time(context, "from", errors);
  query.to = read_time(context, "to", errors);
  query.before_id = read_cursor(context, errors);
  query.limit = query_limit(context, 100, 1000, errors);
  if (!errors.empty()) return invalid_input("The audit query is not valid", errors);
  services.store.append_audit(audit_entry(context, "audit.read", "success", query.patient_id));
  const auto entries = services.store.query_audit(query);
  OrderedJson items = OrderedJson::array();
  for (const auto& entry : entries) items.push_back(entry_to_json(entry));
  const bool full_page = static_cast<int>(entries.size()) == query.limit;
  return json_response(
      200, {{"items", items},
            {"next_cursor",
             full_page ? OrderedJson(std::to_string(entries.back().id)) : OrderedJson()}});
}

}  // namespace

void add_audit_routes(Router& router, ApiServices& services) {
  router.add("GET", "/api/v1/audit", Access::needs(Permission::read_audit),
             with_services(services, read_audit));
}

}  // namespace plasticity::server
