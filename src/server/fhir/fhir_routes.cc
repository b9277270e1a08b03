// The FHIR R4 API under /fhir: the CapabilityStatement (no sign-in, as FHIR clients expect), read
// and search of a patient's records for staff whose role may read them, each read audited on the
// patient, and the Bulk Data export for those who may export records.

#include "server/api.h"
#include "server/fhir/bulk_export.h"
#include "server/fhir/fhir_json.h"
#include "server/fhir/fhir_search.h"
#include "server/http/problem.h"

namespace plasticity::server {
namespace {

using fhir::FhirResource;

// What a role needs to read each type: the same permission its screen needs.
std::vector<Permission> needed_to_read(const std::string& type) {
  if (type == "Patient" || type == "Condition") return {Permission::read_patients};
  if (type == "QuestionnaireResponse") return {Permission::read_assessments};
  if (type == "Observation") return {Permission::read_sessions, Permission::read_assessments};
  if (type == "Questionnaire") return {};
  return {Permission::read_sessions};
}

bool is_served(const std::string& type) {
  const auto& types = fhir::exportable_types();
  return std::find(types.begin(), types.end(), type) != types.end();
}

std::optional<http::Response> refuse_type(ApiServices& services, RequestContext& context,
                                          const std::string& type) {
  if (!is_served(type)) {
    return problem(404, "not-supported", "Resource type not served",
                   type + " is not served here; GET /fhir/metadata lists what is");
  }
  for (const Permission permission : needed_to_read(type)) {
    if (role_may(context.staff->role, permission)) continue;
    services.store.append_audit(
        audit_entry(context, "permission.denied", "denied", std::nullopt,
                    "GET " + context.path + " needs " + std::string(to_string(permission))));
    return problem(403, "forbidden", "Not allowed for your role",
                   type + " needs " + std::string(to_string(permission)) + " (see docs/roles.md)");
  }
  return std::nullopt;
}

fhir::QueryPairs query_pairs(const RequestContext& context) {
  const std::string& target = context.request.target;
  const std::size_t question = target.find('?');
  if (question == std::string::npos) return {};
  return http::parse_query_list(std::string_view(target).substr(question + 1))
      .value_or(fhir::QueryPairs{});
}

fhir::ChartSources sources(ApiServices& services, const ClinicSchedule& schedule) {
  return {services.store, services.instruments, services.protocols, schedule};
}

std::vector<FhirResource> questionnaires(ApiServices& services) {
  std::vector<FhirResource> all;
  for (const auto& [id, entry] : services.instruments.all()) {
    all.push_back(fhir::questionnaire(entry.instrument, UtcTime{0}));
  }
  return all;
}

http::Response metadata(ApiServices& services, RequestContext& context) {
  return fhir::fhir_response(
      200, fhir::capability_statement(fhir::fhir_base_url(context, services.options.secure_cookies),
                                      services.options.version, context.now));
}

http::Response read(ApiServices& services, RequestContext& context) {
  const std::string& type = context.params.at("type");
  const std::string& id = context.params.at("id");
  if (auto refusal = refuse_type(services, context, type)) return *refusal;
  auto not_found = [&] {
    return problem(404, "not-found", "No such resource", type + "/" + id + " does not exist");
  };
  if (type == "Questionnaire") {
    for (auto& q : questionnaires(services)) {
      if (q.id == id) return fhir::fhir_response(200, q.json);
    }
    return not_found();
  }
  const auto owner = fhir::resource_owner(services.store, type, id);
  const auto patient = owner ? services.store.find_patient(*owner) : std::nullopt;
  if (!patient) return not_found();
  const auto settings = services.settings.get();
  for (auto& resource :
       fhir::patient_resources(sources(services, settings->schedule), *patient, {type})) {
    if (resource.id != id) continue;
    services.store.append_audit(
        audit_entry(context, "fhir.read", "success", patient->id, type + "/" + id));
    return fhir::fhir_response(200, resource.json);
  }
  return not_found();
}

// Patient search walks the registry a page at a time, so a search of the whole clinic holds one
// page, not every patient.
struct PatientMatches {
  std::vector<FhirResource> found;
  bool complete = true;  // every match found (else at least `wanted`)
};

PatientMatches matching_patients(ApiServices& services, const fhir::Search& search,
                                 std::size_t wanted) {
  PatientMatches matches;
  auto& found = matches.found;
  if (search.id) {
    if (auto p = services.store.find_patient(*search.id))
      found.push_back(fhir::patient_resource(*p));
  } else if (search.identifier) {
    const std::string& value = *search.identifier;
    const std::string mrn =
        value.substr(value.find('|') == std::string::npos ? 0 : value.find('|') + 1);
    if (auto p = services.store.find_patient_by_mrn(mrn))
      found.push_back(fhir::patient_resource(*p));
  } else {
    PatientQuery query;
    query.text = search.name.value_or("");
    query.limit = 200;
    while (true) {
      const PatientPage page = services.store.search_patients(query);
      for (const auto& p : page.patients) {
        FhirResource resource = fhir::patient_resource(p);
        if (fhir::matches(search, resource)) found.push_back(std::move(resource));
      }
      if (!page.has_more) break;
      if (found.size() >= wanted) {
        matches.complete = false;
        break;
      }
      query.after_patient_id = page.patients.back().id;
    }
  }
  std::erase_if(found, [&](const FhirResource& r) { return !fhir::matches(search, r); });
  return matches;
}

http::Response search(ApiServices& services, RequestContext& context) {
  const std::string& type = context.params.at("type");
  if (auto refusal = refuse_type(services, context, type)) return *refusal;
  const auto query = query_pairs(context);
  FieldErrors errors;
  const fhir::Search search = fhir::read_search(type, query, errors);
  if (!errors.empty()) return invalid_input("The search cannot be run", errors);
  std::vector<FhirResource> found;
  bool complete = true;
  std::optional<std::string> patient_id;
  if (type == "Questionnaire") {
    found = questionnaires(services);
    std::erase_if(found, [&](const FhirResource& r) { return !fhir::matches(search, r); });
  } else if (type == "Patient") {
    const std::size_t wanted = static_cast<std::size_t>(search.offset + search.count) + 1;
    auto matches = matching_patients(services, search, wanted);
    found = std::move(matches.found);
    complete = matches.complete;
  } else {
    const auto patient = services.store.find_patient(*search.patient);
    if (patient) {
      patient_id = patient->id;
      const auto settings = services.settings.get();
      for (auto& r :
           fhir::patient_resources(sources(services, settings->schedule), *patient, {type})) {
        if (fhir::matches(search, r)) found.push_back(std::move(r));
      }
    }
  }
  const std::size_t from = std::min(found.size(), static_cast<std::size_t>(search.offset));
  const std::size_t to = std::min(found.size(), from + static_cast<std::size_t>(search.count));
  std::vector<const FhirResource*> page;
  std::vector<std::string> shown;
  for (std::size_t i = from; i < to; ++i) {
    page.push_back(&found[i]);
    if (!found[i].patient_id.empty()) shown.push_back(found[i].patient_id);
  }
  if (type != "Questionnaire") {
    services.store.append_audit(
        list_audit_entry(context, "fhir.search", patient_id, shown,
                         type + " search, " + std::to_string(page.size()) + " shown"));
  }
  const std::string base = fhir::fhir_base_url(context, services.options.secure_cookies);
  // A Patient search stops reading the registry once a page and one more are found: its total is
  // then unknown, and FHIR lets a server leave it out.
  OrderedJson bundle = fhir::searchset(base, search, query, page, found.size());
  if (!complete) bundle.erase("total");
  return fhir::fhir_response(200, bundle);
}

}  // namespace

void add_fhir_routes(Router& router, ApiServices& services) {
  router.add("GET", "/fhir/metadata", Access::public_route(), with_services(services, metadata));
  add_bulk_export_routes(router, services);  // before /fhir/{type}/{id}: Patient/$export
  router.add("GET", "/fhir/{type}", Access::signed_in(), with_services(services, search));
  router.add("GET", "/fhir/{type}/{id}", Access::signed_in(), with_services(services, read));
}

}  // namespace plasticity::server
