// `plasticity report outcomes`: the outcome report for a scheduled job, computed as the API
// computes it for an admin (server/reports/outcome_json.h), as JSON or as CSV.
#include <algorithm>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "app/clinic_loading.h"
#include "app/commands.h"
#include "interop/csv_text.h"
#include "server/api.h"
#include "server/reports/outcome_json.h"
#include "server/reports/outcome_pdf.h"
#include "storage/store.h"

namespace plasticity::app {
namespace {

using Json = nlohmann::ordered_json;

// One flat table: every figure of the report, a row each, in the report's order.
std::string report_csv(const Json& report) {
  const std::vector<std::string> columns{"section",     "label",      "day",        "count",
                                         "denominator", "at_risk",    "events",     "censored",
                                         "value",       "ci95_lower", "ci95_upper", "citation"};
  std::string out = csv_header(columns);
  auto row = [&](const std::map<std::string, Json>& cells) {
    Json named = Json::object();
    for (const auto& [name, value] : cells) named[name] = value;
    out += csv_line(columns, named);
  };
  for (const char* measure : {"ever_response", "ever_remission", "last_response"}) {
    const Json& p = report[measure];
    row({{"section", "proportion"},
         {"label", measure},
         {"count", p["count"]},
         {"denominator", p["denominator"]},
         {"value", p["rate"]},
         {"ci95_lower", p["ci95"][0]},
         {"ci95_upper", p["ci95"][1]}});
  }
  for (const char* curve : {"time_to_response", "response_durability"}) {
    for (const Json& point : report[curve]["curve"]) {
      row({{"section", curve},
           {"day", point["day"]},
           {"at_risk", point.value("at_risk", Json())},
           {"events", point.value("events", Json())},
           {"censored", point.value("censored", Json())},
           {"value", point["probability"]},
           {"ci95_lower", point["ci95"][0]},
           {"ci95_upper", point["ci95"][1]}});
    }
  }
  for (const Json& s : report["by_session"]) {
    row({{"section", "by_session"},
         {"label", s["session"]},
         {"count", s["in_response"]},
         {"denominator", s["assessed"]},
         {"value", s["rate"]}});
  }
  for (const Json& step : report["flow"]) {
    row({{"section", "flow"}, {"label", step["step"]}, {"count", step["count"]}});
  }
  for (const Json& f : report["published"]) {
    row({{"section", "published"},
         {"label", f["study"].get<std::string>() + ": " + f["measure"].get<std::string>() + " (" +
                       f["instrument"].get<std::string>() + ")"},
         {"denominator", f["n"]},
         {"value", f["percent"]},
         {"citation", f["citation"]}});
  }
  return out;
}

}  // namespace

int report_outcomes(const OutcomeReportOptions& options) {
  const auto store = open_records({options.data_dir, options.database});
  if (store == nullptr) return 2;
  const LoadedClinic clinic = load_clinic(options.definitions, options.data_dir, *store, "");
  FieldErrors errors;
  const auto query =
      server::read_outcome_query(options.query, clinic.instruments, clinic.protocols, errors);
  if (!errors.empty()) {
    std::string flag = errors.front().field;  // the API's parameter, as this command's flag
    std::replace(flag.begin(), flag.end(), '_', '-');
    std::cerr << "error: --" << flag << ": " << errors.front().message << "\n";
    return 2;
  }
  const OutcomeRules& rules = clinic.instruments.find(query.instrument)->instrument.outcomes;
  const ClinicTimeZone& zone = *clinic.settings.schedule.time_zone;
  const auto computed = server::compute_outcome_report(*store, query, rules, zone,
                                                       zone.to_local(server::system_now()).date);
  const Json json = server::outcome_report_to_json(
      query, {computed.report, computed.cms159, computed.safety, clinic.published}, {false});
  std::string detail;
  for (const auto& [name, value] : options.query)
    detail += (detail.empty() ? "" : "&") + name + "=" + value;
  store->append_audit({0, server::system_now(), std::nullopt, "command line", "system",
                       "report.outcomes", "success", std::nullopt, "cli", "local",
                       detail + " (" + options.format + ")"});
  const std::string text = options.format == "csv" ? report_csv(json)
                           : options.format == "pdf"
                               ? server::outcome_report_pdf(json, to_iso8601(server::system_now()))
                               : json.dump(2) + "\n";
  if (options.out.empty()) {
    std::cout << text;
  } else {
    std::ofstream{options.out, std::ios::binary} << text;
  }
  return 0;
}

}  // namespace plasticity::app
