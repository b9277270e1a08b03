// FHIR Bulk Data Access (v2): kick-off (/fhir/$export, /fhir/Patient/$export) with
// "Prefer: respond-async" → 202 and a status URL; polling → 202 with X-Progress, then 200 with
// the manifest; DELETE cancels and removes the files; each file downloaded by the staff member
// who asked for it. The export itself runs in bulk_export.cc.
#include "core/split.h"
#include "server/api.h"
#include "server/fhir/bulk_export.h"
#include "server/fhir/fhir_json.h"
#include "server/http/problem.h"

namespace plasticity::server {
namespace {

http::Response kick_off(ApiServices& services, RequestContext& context, bool system_level) {
  FieldErrors errors;
  const auto prefer = context.request.header("prefer").value_or("");
  if (prefer.find("respond-async") == std::string::npos) {
    errors.push_back({"Prefer", "respond_async",
                      "a bulk export runs in the background: send Prefer: respond-async"});
  }
  fhir::ExportRequest request;
  request.system_level = system_level;
  for (const auto& [name, value] : context.query) {
    if (name == "_type") {
      for (const auto& type : split(value, ',')) {
        const auto& types = fhir::exportable_types();
        if (std::find(types.begin(), types.end(), type) == types.end() ||
            (!system_level && type == "Questionnaire")) {
          errors.push_back({"_type", "one_of", type + " is not exported (GET /fhir/metadata)"});
        }
        request.types.insert(type);
      }
    } else if (name == "_since") {
      request.since = parse_iso8601(value);
      if (!request.since) {
        errors.push_back(
            {"_since", "instant", "_since must be an instant, e.g. 2026-01-01T00:00:00Z"});
      }
    } else if (name == "_outputFormat") {
      if (value != "application/fhir+ndjson" && value != "application/ndjson" &&
          value != "ndjson") {
        errors.push_back(
            {"_outputFormat", "one_of", "_outputFormat must be application/fhir+ndjson"});
      }
    } else {
      errors.push_back({name, "unknown_parameter",
                        name + " is not a bulk export parameter (_type, _since, _outputFormat)"});
    }
  }
  if (!errors.empty()) return invalid_input("The export cannot start", errors);
  const std::string base = fhir::fhir_base_url(context, services.options.secure_cookies);
  request.base_url = base;
  request.request_url = base + context.request.target.substr(std::string("/fhir").size());
  request.audit = audit_entry(context, "fhir.export", "success");
  const auto settings = services.settings.get();
  const auto job = services.exports.start(
      request, std::shared_ptr<const ClinicSchedule>(settings, &settings->schedule), context.now);
  if (!job) {
    return problem(429, "export-running", "An export is already running",
                   "one bulk export runs at a time: poll or cancel the one running")
        .with_header("Retry-After", "60");
  }
  services.store.append_audit(audit_entry(context, "fhir.export.start", "success", std::nullopt,
                                          "job " + *job + ": " + context.request.target));
  return http::Response{202, fhir::kFhirJson, {}, ""}.with_header("Content-Location",
                                                                  base + "/$export-poll/" + *job);
}

http::Response system_export(ApiServices& services, RequestContext& context) {
  return kick_off(services, context, true);
}

http::Response patient_export(ApiServices& services, RequestContext& context) {
  return kick_off(services, context, false);
}

// The job when the caller started it; another staff member's job does not exist for them.
std::optional<ExportJob> own_job(ApiServices& services, const RequestContext& context) {
  auto status = services.exports.status(context.params.at("job"));
  if (!status || status->staff_id != context.staff->id) return std::nullopt;
  return status;
}

http::Response no_job(const RequestContext& context) {
  return problem(404, "not-found", "No such export",
                 "no export " + context.params.at("job") + " of yours (expired or cancelled?)");
}

// The files in the order of exportable_types (each type's files in the order they were made).
std::vector<ExportFile> listed_by_type(std::vector<ExportFile> files) {
  const auto& types = fhir::exportable_types();
  const auto rank = [&](const ExportFile& file) {
    return std::find(types.begin(), types.end(), file.type) - types.begin();
  };
  std::stable_sort(files.begin(), files.end(),
                   [&](const ExportFile& a, const ExportFile& b) { return rank(a) < rank(b); });
  return files;
}

http::Response poll(ApiServices& services, RequestContext& context) {
  const auto status = own_job(services, context);
  if (!status) return no_job(context);
  if (status->state == ExportJobState::running) {
    return http::Response{202, fhir::kFhirJson, {}, ""}
        .with_header("X-Progress", std::to_string(status->patients_done) + " patients, " +
                                       std::to_string(status->resources) + " resources")
        .with_header("Retry-After", "2");
  }
  if (status->state == ExportJobState::failed) {
    return problem(500, "export-failed", "The export failed",
                   "the export stopped: " + status->error + "; start it again");
  }
  OrderedJson output = OrderedJson::array();
  const std::string files = status->base_url + "/$export-file/" + context.params.at("job");
  for (const auto& file : listed_by_type(status->files)) {
    output.push_back(
        {{"type", file.type}, {"url", files + "/" + file.name}, {"count", file.count}});
  }
  OrderedJson manifest{{"transactionTime", to_iso8601(status->transaction_time)},
                       {"request", status->request_url},
                       {"requiresAccessToken", true},
                       {"output", output},
                       {"error", OrderedJson::array()}};
  const UtcTime expires{status->finished_at->epoch_ms + fhir::kExportKeepMs};
  return json_response(200, manifest).with_header("Expires", to_iso8601(expires));
}

http::Response cancel(ApiServices& services, RequestContext& context) {
  if (!own_job(services, context)) return no_job(context);
  services.exports.cancel(context.params.at("job"));
  services.store.append_audit(audit_entry(context, "fhir.export.cancel", "success", std::nullopt,
                                          "job " + context.params.at("job")));
  return http::Response{202, fhir::kFhirJson, {}, ""};
}

http::Response download(ApiServices& services, RequestContext& context) {
  if (!own_job(services, context)) return no_job(context);
  auto ndjson = services.exports.file(context.params.at("job"), context.params.at("file"));
  if (!ndjson) {
    return problem(404, "not-found", "No such file",
                   context.params.at("file") + " is not a file of this export");
  }
  services.store.append_audit(
      audit_entry(context, "fhir.export.download", "success", std::nullopt,
                  "job " + context.params.at("job") + " " + context.params.at("file")));
  return http::Response{200, "application/fhir+ndjson", {}, std::move(*ndjson)}.with_header(
      "Content-Disposition", "attachment; filename=\"" + context.params.at("file") + "\"");
}

}  // namespace

void add_bulk_export_routes(Router& router, ApiServices& services) {
  const Access exporter = Access::needs(Permission::export_records);
  router.add("GET", "/fhir/$export", exporter, with_services(services, system_export));
  router.add("GET", "/fhir/Patient/$export", exporter, with_services(services, patient_export));
  router.add("GET", "/fhir/$export-poll/{job}", exporter, with_services(services, poll));
  router.add("DELETE", "/fhir/$export-poll/{job}", exporter, with_services(services, cancel));
  router.add("GET", "/fhir/$export-file/{job}/{file}", exporter, with_services(services, download));
}

}  // namespace plasticity::server
