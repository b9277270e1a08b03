// The de-identified research export over HTTP (research_export.h), for researchers and admins:
// NDJSON of every table, or one table as CSV. Refused when the rarest kind of patient is rarer
// than the clinic's k, unless an admin overrides with a reason (audited). The export's own time
// is in a response header, never in the data.
#include "interop/csv_text.h"
#include "server/api.h"
#include "server/http/problem.h"
#include "server/research/research_export.h"

namespace plasticity::server {
namespace {

http::Response research_export(ApiServices& services, RequestContext& context) {
  FieldErrors errors;
  std::string format = "ndjson", table, data_set = "safe_harbor", override_reason;
  for (const auto& [name, value] : context.query) {
    if (name == "format") {
      format = value;
      if (value != "ndjson" && value != "csv")
        errors.push_back({name, "one_of", "format must be ndjson or csv"});
    } else if (name == "table") {
      table = value;
      const auto& tables = research_tables();
      if (std::find(tables.begin(), tables.end(), value) == tables.end())
        errors.push_back({name, "one_of",
                          "table must be patients, courses, sessions, assessments or vital_signs"});
    } else if (name == "data_set") {
      data_set = value;
      if (value != "safe_harbor" && value != "limited")
        errors.push_back({name, "one_of", "data_set must be safe_harbor or limited"});
    } else if (name == "override_reason") {
      override_reason = value;
      if (value.size() < 10 || value.size() > 500)
        errors.push_back({name, "length", "override_reason must be 10 to 500 characters"});
    } else {
      errors.push_back({name, "unknown_parameter",
                        name + " is not a parameter (format, table, data_set, override_reason)"});
    }
  }
  if (format == "csv" && table.empty())
    errors.push_back({"table", "required", "a CSV export is one table: name it with table="});
  if (!override_reason.empty() && context.staff->role != Role::admin)
    errors.push_back({"override_reason", "admin_only", "only an admin may override the k limit"});
  if (!errors.empty()) return invalid_input("The research export cannot be made", errors);

  if (services.options.research_key_file.empty()) {
    return problem(503, "no-research-key", "Research exports are off",
                   "this server has no data directory for the research key");
  }
  const bool limited = data_set == "limited";
  const auto zone = services.settings.get()->schedule.time_zone;
  ResearchExport research{services.store,
                          services.protocols,
                          services.instruments,
                          {research_key(services.options.research_key_file),
                           zone->to_local(context.now).date, limited}};
  const std::size_t k = research.smallest_group();
  const int min_k = services.options.research_min_k;
  const auto refusal = k_refusal(k, min_k);
  const bool below = refusal.has_value();
  if (below && override_reason.empty()) {
    services.store.append_audit(audit_entry(context, "research.export", "refused", std::nullopt,
                                            "smallest group " + std::to_string(k)));
    return problem(409, "too-few-alike", "Too few patients alike to export", *refusal,
                   {{"override_reason", "k_anonymity", *refusal}});
  }
  std::string body = format == "ndjson" ? research_ndjson_header(k, min_k, limited).dump() + "\n"
                                        : csv_header(research_columns(table));
  research.write([&](const std::string& name, const OrderedJson& row) {
    if (format == "csv") {
      if (name == table) body += csv_line(research_columns(table), row);
      return;
    }
    body += research_ndjson_line(name, row).dump() + "\n";
  });
  // Whose data went into it, for each patient's audit trail; an override says why.
  services.store.append_audit(list_audit_entry(
      context, below ? "research.export.override" : "research.export", std::nullopt,
      research.patient_ids(),
      data_set + " " + format + (table.empty() ? "" : " " + table) + ", smallest group " +
          std::to_string(k) + (below ? "; override: " + override_reason : "")));
  const std::string file = "plasticity-research" + (table.empty() ? "" : "-" + table) +
                           (format == "csv" ? ".csv" : ".ndjson");
  return http::Response{200,
                        format == "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson",
                        {},
                        std::move(body)}
      .with_header("Content-Disposition", "attachment; filename=\"" + file + "\"")
      .with_header("X-Data-Set", limited ? "limited_data_set" : "safe_harbor")
      .with_header("X-Smallest-Group", std::to_string(k))
      .with_header("X-Exported-At", to_iso8601(context.now));
}

}  // namespace

void add_research_routes(Router& router, ApiServices& services) {
  router.add("GET", "/api/v1/research/export", Access::needs(Permission::export_research),
             with_services(services, research_export));
}

}  // namespace plasticity::server
