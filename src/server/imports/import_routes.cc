// POST /fhir: a FHIR transaction or batch Bundle of a clinic's history (imports/fhir_import.h),
// imported whole or not at all, for an admin. The answer is the Bundle's response: an entry per
// entry sent, 201 for what this run added, 200 for what the clinic already had. Larger histories
// go through `plasticity import`, which also has --dry-run.
#include "server/api.h"
#include "server/fhir/fhir_json.h"
#include "server/http/problem.h"
#include "server/imports/fhir_import.h"

namespace plasticity::server {
namespace {

http::Response import_bundle(ApiServices& services, RequestContext& context) {
  const Json bundle = Json::parse(context.request.body, nullptr, false);
  if (bundle.is_discarded() || !bundle.is_object() ||
      bundle.value("resourceType", "") != "Bundle") {
    return invalid_input("The import cannot be read",
                         {{"resourceType", "bundle", "the body must be a FHIR Bundle"}});
  }
  Incoming incoming;
  read_fhir_import({{"Bundle", context.request.body}}, services.protocols, services.instruments,
                   incoming);
  const auto zone = services.settings.get()->schedule.time_zone;
  const ImportContext import{"fhir:POST /fhir", context.staff->id, context.staff->username,
                             context.now, zone->to_local(context.now).date};
  const ImportPlan plan =
      import_history(incoming, services.store, services.instruments, services.protocols, import,
                     false, audit_entry(context, "import.run", "success"));
  if (!plan.errors.empty()) return invalid_input("Nothing was imported", plan.errors);
  std::map<std::string, std::string> made;  // source key → Type/new id
  for (const auto& p : plan.batch.provenance) {
    const std::string type = p.kind == "patient"   ? "Patient"
                             : p.kind == "session" ? "Encounter"
                                                   : "QuestionnaireResponse";
    made[p.source_key] = type + "/" + p.record_id;
  }
  OrderedJson entries = OrderedJson::array();
  for (const auto& entry : bundle.value("entry", Json::array())) {
    const Json resource = entry.value("resource", Json::object());
    std::string key = resource.value("resourceType", "") + "/" + resource.value("id", "");
    const auto whole = incoming.part_of.find(key);
    const auto added = made.find(whole == incoming.part_of.end() ? key : whole->second);
    OrderedJson response{{"status", added == made.end() ? "200 OK" : "201 Created"}};
    if (added != made.end() && whole == incoming.part_of.end())
      response["location"] = added->second;
    entries.push_back({{"response", response}});
  }
  const std::string type =
      bundle.value("type", "") == "transaction" ? "transaction-response" : "batch-response";
  return fhir::fhir_response(200, {{"resourceType", "Bundle"}, {"type", type}, {"entry", entries}});
}

}  // namespace

void add_import_routes(Router& router, ApiServices& services) {
  router.add("POST", "/fhir", Access::needs(Permission::import_records),
             with_services(services, import_bundle));
}

}  // namespace plasticity::server
