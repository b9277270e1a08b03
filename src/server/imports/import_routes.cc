// POST /api/v1/imports: the admin's Import page, FHIR or CSV files, with a dry run.
// POST /fhir: a FHIR transaction or batch Bundle of a clinic's history (imports/fhir_import.h),
// imported whole or not at all, for an admin. The answer is the Bundle's response: an entry per
// entry sent, 201 for what this run added, 200 for what the clinic already had. Larger histories
// go through `plasticity import`, which also has --dry-run.
#include "server/api.h"
#include "server/fhir/fhir_json.h"
#include "server/http/problem.h"
#include "server/imports/fhir_import.h"
#include "server/imports/import_files.h"

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

// The admin's Import page: {"format": "fhir" | "csv", "dry_run": bool, "files": [{"name",
// "text"}]}, checked whole; the answer is the run's counts, or every error.
http::Response import_files(ApiServices& services, RequestContext& context) {
  Json body;
  if (auto refusal = read_json_body(context, body)) return *refusal;
  FieldErrors errors;
  const std::string format =
      body.value("format", Json()).is_string() ? body["format"].get<std::string>() : "";
  if (format != "fhir" && format != "csv")
    errors.push_back({"format", "one_of", "format must be fhir or csv"});
  const Json dry = body.value("dry_run", Json(false));
  if (!dry.is_boolean()) errors.push_back({"dry_run", "boolean", "dry_run must be true or false"});
  std::vector<SourceFile> files;
  const Json list = body.value("files", Json());
  if (!list.is_array() || list.empty() || list.size() > 10) {
    errors.push_back({"files", "list", "files must be a list of 1 to 10 files"});
  } else {
    for (std::size_t i = 0; i < list.size(); ++i) {
      const Json& f = list[i];
      if (!f.is_object() || !f.value("name", Json()).is_string() ||
          !f.value("text", Json()).is_string()) {
        errors.push_back(
            {"files/" + std::to_string(i), "file", "each file needs a name and a text"});
        continue;
      }
      files.push_back({f["name"].get<std::string>(), f["text"].get<std::string>()});
    }
  }
  for (const auto& key : body.items()) {
    if (key.key() != "format" && key.key() != "dry_run" && key.key() != "files")
      errors.push_back({key.key(), "unknown_field", key.key() + " is not a field of an import"});
  }
  if (!errors.empty()) return invalid_input("The import cannot start", errors);
  Incoming incoming;
  const std::string source =
      read_import_files(format == "csv" ? ImportFormat::csv : ImportFormat::fhir, files,
                        services.protocols, services.instruments, incoming);
  const auto zone = services.settings.get()->schedule.time_zone;
  const ImportContext import{source, context.staff->id, context.staff->username, context.now,
                             zone->to_local(context.now).date};
  const bool dry_run = dry.get<bool>();
  const ImportPlan plan =
      import_history(incoming, services.store, services.instruments, services.protocols, import,
                     dry_run, audit_entry(context, "import.run", "success"));
  if (!plan.errors.empty()) return invalid_input("Nothing was imported", plan.errors);
  OrderedJson answer = import_counts_to_json(plan.counts);
  answer["dry_run"] = dry_run;
  return json_response(dry_run ? 200 : 201, answer);
}

}  // namespace

void add_import_routes(Router& router, ApiServices& services) {
  router.add("POST", "/fhir", Access::needs(Permission::import_records),
             with_services(services, import_bundle));
  router.add("POST", "/api/v1/imports", Access::needs(Permission::import_records),
             with_services(services, import_files));
}

}  // namespace plasticity::server
