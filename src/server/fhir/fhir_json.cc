#include "server/fhir/fhir_json.h"

#include "server/fhir/bulk_export.h"
#include "server/fhir/fhir_search.h"
#include "server/http/json_text.h"

namespace plasticity::server::fhir {
namespace {

// The issue type (valueset issue-type) for an HTTP status.
std::string issue_code(int status) {
  switch (status) {
    case 400:
      return "invalid";
    case 401:
      return "login";
    case 403:
      return "forbidden";
    case 404:
      return "not-found";
    case 405:
    case 406:
    case 415:
      return "not-supported";
    case 409:
      return "conflict";
    case 413:
    case 414:
    case 431:
      return "too-long";
    case 429:
      return "throttled";
    default:
      return status >= 500 ? "exception" : "processing";
  }
}

}  // namespace

http::Response fhir_response(int status, const OrderedJson& resource) {
  return http::Response{status, kFhirJson, {}, json_text(resource)};
}

http::Response as_operation_outcome(http::Response response) {
  if (response.content_type != "application/problem+json") return response;
  const Json problem = Json::parse(response.body, nullptr, false);
  if (!problem.is_object()) return response;
  OrderedJson issues = OrderedJson::array();
  const std::string code = issue_code(response.status);
  if (problem.contains("errors")) {
    for (const auto& e : problem["errors"]) {
      issues.push_back({{"severity", "error"},
                        {"code", code == "invalid" ? "value" : code},
                        {"details", {{"text", e.value("rule", "")}}},
                        {"diagnostics", e.value("message", "")},
                        {"expression", {e.value("field", "")}}});
    }
  }
  if (issues.empty()) {
    issues.push_back({{"severity", response.status >= 500 ? "fatal" : "error"},
                      {"code", code},
                      {"details", {{"text", problem.value("title", "")}}},
                      {"diagnostics", problem.value("detail", "")}});
  }
  response.content_type = kFhirJson;
  response.body = json_text(OrderedJson{{"resourceType", "OperationOutcome"}, {"issue", issues}});
  return response;
}

std::string fhir_base_url(const RequestContext& context, bool secure) {
  const auto host = context.request.header("host");
  return std::string(secure ? "https://" : "http://") + host.value_or("localhost") + "/fhir";
}

OrderedJson capability_statement(const std::string& base_url, const std::string& version,
                                 UtcTime published) {
  OrderedJson resources = OrderedJson::array();
  for (const auto& type : exportable_types()) {
    OrderedJson params = OrderedJson::array();
    for (const auto& p : search_parameters(type)) {
      params.push_back({{"name", p.name}, {"type", p.type}});
    }
    params.push_back({{"name", "_lastUpdated"}, {"type", "date"}});
    OrderedJson resource{{"type", type},
                         {"interaction", {{{"code", "read"}}, {{"code", "search-type"}}}},
                         {"searchParam", params}};
    if (type == "Patient") {
      resource["operation"] = {
          {{"name", "export"},
           {"definition", "http://hl7.org/fhir/uv/bulkdata/OperationDefinition/patient-export"}}};
    }
    resources.push_back(resource);
  }
  const std::string date = to_iso8601(published);
  return {{"resourceType", "CapabilityStatement"},
          {"status", "active"},
          {"date", date},
          {"publisher", "Plasticity"},
          {"kind", "instance"},
          {"software", {{"name", "Plasticity"}, {"version", version}}},
          {"implementation", {{"description", "Plasticity FHIR R4 API"}, {"url", base_url}}},
          {"fhirVersion", "4.0.1"},
          {"format", {"json"}},
          {"rest",
           {{{"mode", "server"},
             {"documentation",
              "Sign in as staff (POST /api/v1/session) and send the bearer token. Searches of a "
              "patient's records need patient={id}; unknown parameters are refused. Read-only but "
              "for the bulk export."},
             {"security",
              {{"description", "Bearer token of a staff session; roles as in docs/roles.md"}}},
             {"resource", resources},
             {"operation",
              {{{"name", "export"},
                {"definition", "http://hl7.org/fhir/uv/bulkdata/OperationDefinition/export"}}}}}}}};
}

}  // namespace plasticity::server::fhir
