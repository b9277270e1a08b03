// The clinic's outcome report (outcomes/outcome_report.h): the aggregate for those who may read
// outcomes, small cells hidden from the researcher; and, for staff who may also read patients,
// the patients behind a figure, each read audited.
#include <algorithm>
#include <memory>

#include "server/api.h"
#include "server/http/problem.h"
#include "server/patients/patient_json.h"
#include "server/reports/outcome_json.h"
#include "server/reports/outcome_pdf.h"

namespace plasticity::server {
namespace {

// The query read and checked, with what computing it needs; or the refusal.
struct Checked {
  OutcomeQuery query;
  const OutcomeRules* rules = nullptr;
  std::shared_ptr<const ClinicSettings> clinic;  // holds the time zone
  const ClinicTimeZone& zone() const { return *clinic->schedule.time_zone; }
};

std::variant<Checked, http::Response> check(ApiServices& services, const RequestContext& context) {
  FieldErrors errors;
  OutcomeQuery query =
      read_outcome_query(context.query, services.instruments, services.protocols, errors);
  if (!errors.empty()) return invalid_input("The report cannot be made", errors);
  const OutcomeRules* rules = &services.instruments.find(query.instrument)->instrument.outcomes;
  return Checked{std::move(query), rules, services.settings.get()};
}

// The report's parameters for the audit trail: only those the query reader checked, so nothing
// unvalidated is written there.
std::string described(const RequestContext& context) {
  std::string text;
  for (const auto& [name, value] : context.query) {
    const auto& known = outcome_query_parameters();
    if (name == "figure" || std::find(known.begin(), known.end(), name) != known.end()) {
      text += (text.empty() ? "" : "&") + name + "=" + value;
    }
  }
  return text;
}

// The report as its reader may see it, audited; or the refusal.
std::variant<OrderedJson, http::Response> read_report(ApiServices& services,
                                                      RequestContext& context,
                                                      const std::string& format) {
  auto checked = check(services, context);
  if (auto* refusal = std::get_if<http::Response>(&checked)) return *refusal;
  const Checked& c = std::get<Checked>(checked);
  const ComputedReport parts = compute_outcome_report(services.store, c.query, *c.rules, c.zone(),
                                                      c.zone().to_local(context.now).date);
  const OutcomeQuery& query = c.query;
  // An aggregate: no patient is named, so the entry names none.
  services.store.append_audit(audit_entry(context, "report.outcomes", "success", std::nullopt,
                                          described(context) + " (" + format + ")"));
  const ReportView view{context.staff->role == Role::researcher};
  return outcome_report_to_json(
      query, {parts.report, parts.cms159, parts.safety, services.options.published_outcomes}, view);
}

http::Response outcome_report(ApiServices& services, RequestContext& context) {
  auto report = read_report(services, context, "json");
  if (auto* refusal = std::get_if<http::Response>(&report)) return *refusal;
  return json_response(200, std::get<OrderedJson>(report));
}

http::Response outcome_report_as_pdf(ApiServices& services, RequestContext& context) {
  auto report = read_report(services, context, "pdf");
  if (auto* refusal = std::get_if<http::Response>(&report)) return *refusal;
  const auto& json = std::get<OrderedJson>(report);
  return http::Response{
      200, "application/pdf", {}, outcome_report_pdf(json, to_iso8601(context.now))}
      .with_header("Content-Disposition", "inline; filename=\"outcomes-" +
                                              json["instrument"].get<std::string>() + ".pdf\"");
}

http::Response patients_behind(ApiServices& services, RequestContext& context) {
  if (!role_may(context.staff->role, Permission::read_outcomes)) {
    services.store.append_audit(audit_entry(context, "permission.denied", "denied", std::nullopt,
                                            "patients behind an outcome figure"));
    return problem(403, "forbidden", "Not permitted",
                   "the patients behind an outcome figure are for those who read outcomes");
  }
  const auto figure = context.query.find("figure");
  const auto& figures = patient_figures();
  if (figure == context.query.end() ||
      std::find(figures.begin(), figures.end(), figure->second) == figures.end()) {
    return invalid_input("The figure is not known",
                         {{"figure", "one_of",
                           "figure must be ever_response, ever_remission, last_response or "
                           "no_response"}});
  }
  auto checked = check(services, context);
  if (auto* refusal = std::get_if<http::Response>(&checked)) return *refusal;
  const Checked& c = std::get<Checked>(checked);
  // Only the outcome blocks: the list needs neither CMS159 nor safety.
  const OutcomeReport report =
      build_outcome_report(services.store.outcome_cohort(c.query.instrument), c.query.filter,
                           c.query.group_by, {*c.rules, c.zone()});
  const auto behind = report.all.patients_behind.find(figure->second);
  static const std::vector<std::string> none;
  const auto& ids = behind == report.all.patients_behind.end() ? none : behind->second;
  OrderedJson items = OrderedJson::array();
  std::vector<AuditEntry> audit;
  for (const auto& id : ids) {
    const auto patient = services.store.find_patient(id);
    if (!patient) continue;
    OrderedJson item = patient_brief_to_json(*patient);
    item["id"] = id;
    items.push_back(item);
    audit.push_back(audit_entry(context, "report.outcomes.patients", "success", id,
                                figure->second + " " + described(context)));
  }
  services.store.append_audits(audit);
  return json_response(200, {{"figure", figure->second}, {"items", items}});
}

}  // namespace

void add_report_routes(Router& router, ApiServices& services) {
  router.add("GET", "/api/v1/reports/outcomes", Access::needs(Permission::read_outcomes),
             with_services(services, outcome_report));
  router.add("GET", "/api/v1/reports/outcomes.pdf", Access::needs(Permission::read_outcomes),
             with_services(services, outcome_report_as_pdf));
  router.add("GET", "/api/v1/reports/outcomes/patients", Access::needs(Permission::read_patients),
             with_services(services, patients_behind));
}

}  // namespace plasticity::server
