#include "server/reports/outcome_pdf.h"

#include <cstdio>

#include "interop/pdf_document.h"

namespace plasticity::server {
namespace {

std::string shown(const OrderedJson& value) {
  if (value.is_null()) return "-";
  if (value.is_string()) return value.get<std::string>();
  return value.dump();
}

std::string percent(const OrderedJson& rate) {
  if (!rate.is_number()) return "-";
  char text[16];
  std::snprintf(text, sizeof text, "%.1f%%", rate.get<double>() * 100);
  return text;
}

std::string days(const OrderedJson& value) {
  if (!value.is_number()) return "-";
  char text[24];
  std::snprintf(text, sizeof text, "%.1f days", value.get<double>());
  return text;
}

std::string share(const OrderedJson& p) {
  return shown(p["count"]) + " of " + shown(p["denominator"]) + ", " + percent(p["rate"]) +
         " (95% interval " + percent(p["ci95"][0]) + " to " + percent(p["ci95"][1]) + ")";
}

std::optional<double> number_or_none(const OrderedJson& value) {
  return value.is_number() ? std::optional(value.get<double>()) : std::nullopt;
}

std::vector<CurveStep> steps(const OrderedJson& curve) {
  std::vector<CurveStep> result;
  for (const auto& point : curve) {
    result.push_back({point["day"].get<double>(), point["probability"].get<double>(),
                      number_or_none(point["ci95"][0]), number_or_none(point["ci95"][1])});
  }
  return result;
}

void block(PdfDocument& doc, const OrderedJson& b) {
  doc.field("Patients with a baseline", shown(b["patients_with_baseline"]));
  doc.field("With a baseline and a follow-up", shown(b["patients_with_follow_up"]));
  doc.field("Responded at any follow-up", share(b["ever_response"]));
  doc.field("Remitted at any follow-up", share(b["ever_remission"]));
  doc.field("In response at the last follow-up", share(b["last_response"]));
  const auto& t = b["time_to_response"];
  doc.field("Median time to first response", days(t["median_days"]) + " (95% interval " +
                                                 days(t["median_ci95"][0]) + " to " +
                                                 days(t["median_ci95"][1]) + ")");
  for (const auto& point : t["curve"]) {
    doc.field("  Responded by day " + shown(point["day"]), percent(point["probability"]) + " (" +
                                                               percent(point["ci95"][0]) + " to " +
                                                               percent(point["ci95"][1]) + ")");
  }
  if (!t["curve"].empty()) {
    doc.step_chart("Responded by day (Kaplan-Meier, dashed: 95% interval)", 0, steps(t["curve"]));
  }
  const auto& d = b["response_durability"];
  doc.field("Still in response at 28 / 56 days", percent(d["still_in_response"]["day_28"]) + " / " +
                                                     percent(d["still_in_response"]["day_56"]));
  if (!d["curve"].empty()) {
    doc.step_chart("Still in response, days from first response (Kaplan-Meier)", 1,
                   steps(d["curve"]));
  }
  for (const auto& s : b["by_session"]) {
    doc.field("  After session " + shown(s["session"]), shown(s["in_response"]) + " of " +
                                                            shown(s["assessed"]) +
                                                            " in response, " + percent(s["rate"]));
  }
}

}  // namespace

std::string outcome_report_pdf(const OrderedJson& report, const std::string& generated_at) {
  PdfDocument doc{"Clinic outcomes: " + report["instrument"].get<std::string>()};
  doc.heading("Clinic outcomes: " + report["instrument"].get<std::string>());
  doc.field("Made", generated_at);
  std::string filters;
  for (const auto& [name, value] : report["filters"].items()) {
    if (!value.is_null() && value != "" && value != false) {
      filters += (filters.empty() ? "" : ", ") + name + " " + shown(value);
    }
  }
  doc.field("Filters", filters.empty() ? "none" : filters);
  doc.text(
      "Read with care: observational data from this clinic's own records, with no control "
      "group; patients chosen by who came and stayed; follow-up missing for some. The "
      "published trials differ in design, patients and instruments and are never pooled "
      "with the clinic's figures.");
  if (report["suppressed_small_cells"] == true) {
    doc.text(
        "Counts from 1 to 10, and any rate that would reveal one, are withheld (CMS "
        "cell-size suppression policy).");
  }
  doc.heading("The clinic");
  block(doc, report);
  doc.heading("Flow of patients");
  for (const auto& step : report["flow"]) {
    std::string left;
    for (const auto& [why, n] : step["left"].items()) {
      left += (left.empty() ? " - did not go on: " : ", ") + why + " " + shown(n);
    }
    doc.field(step["step"].get<std::string>(), shown(step["count"]) + left);
  }
  for (const auto& group : report["groups"]) {
    doc.heading("Subgroup " + group["key"].get<std::string>());
    block(doc, group);
  }
  if (report["log_rank"].is_object()) {
    char text[96];
    std::snprintf(text, sizeof text, "chi-square %.2f, %d df, p = %.4g",
                  report["log_rank"]["chi_square"].get<double>(),
                  report["log_rank"]["df"].get<int>(), report["log_rank"]["p"].get<double>());
    doc.field("Log-rank test of time to first response", text);
  }
  const auto& safety = report["safety"];
  doc.heading("Safety across the clinic");
  doc.field("Dosed sessions", shown(safety["sessions_dosed"]));
  auto per_100 = [](const OrderedJson& c) {
    return shown(c["count"]) + " (" +
           (c["per_100_sessions"].is_number()
                ? std::to_string(c["per_100_sessions"].get<double>()).substr(0, 5)
                : std::string("-")) +
           " per 100 sessions)";
  };
  doc.field("Aborted", per_100(safety["sessions_aborted"]));
  doc.field("Sessions with an SBP above 180", per_100(safety["sessions_sbp_over_180"]));
  doc.field("Serious adverse events", per_100(safety["serious_adverse_events"]));
  for (const auto& a : safety["alarms"]) {
    doc.field("  Alarm " + shown(a["rule_id"]) + " (" + shown(a["severity"]) + ")", per_100(a));
  }
  for (const auto& e : safety["adverse_events"]) {
    doc.field("  Adverse event " + shown(e["type"]) + " (" + shown(e["severity"]) + ")",
              per_100(e));
  }
  const auto& cms = report["cms159"];
  doc.heading(cms["measure"].get<std::string>() + ", " + shown(cms["measurement_year"]));
  doc.field("Initial population", shown(cms["initial_population"]));
  doc.field("Excluded", shown(cms["excluded"]));
  doc.field("Remission at twelve months", share(cms));
  doc.text(
      "Not recorded in the chart, to exclude by hand: death, hospice or palliative care, "
      "nursing-home residence.");
  doc.heading("Published trials (beside the clinic's figures, never pooled)");
  for (const auto& f : report["published"]) {
    doc.field(f["study"].get<std::string>() + ", " + f["instrument"].get<std::string>() + " " +
                  f["measure"].get<std::string>(),
              shown(f["percent"]) + "% (N " + shown(f["n"]) + ")");
    doc.text("    " + f["citation"].get<std::string>());
  }
  return doc.bytes();
}

}  // namespace plasticity::server
