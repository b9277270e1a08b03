// The patient registry: register, read, search, update (with If-Match) and history. Every read and
// write of a patient is audited; writes store their audit entry in the same transaction.
#include <algorithm>
#include <set>

#include "server/api.h"
#include "server/http/credentials.h"
#include "server/http/problem.h"
#include "server/live/session_monitor.h"
#include "server/patients/patient_json.h"

namespace plasticity::server {
namespace {

constexpr std::size_t kMaxReasonLength = 500;

std::string etag(std::int64_t version) { return "\"" + std::to_string(version) + "\""; }

// The version an If-Match header names ("3" in quotes), or std::nullopt when it names none.
std::optional<std::int64_t> if_match_version(const http::Request& request) {
  const auto header = request.header("if-match");
  if (!header || header->size() < 3 || header->front() != '"' || header->back() != '"') {
    return std::nullopt;
  }
  return parse_whole_number(std::string_view(*header).substr(1, header->size() - 2));
}

http::Response with_record(int status, const PatientRecord& record) {
  return json_response(status, patient_to_json(record)).with_header("ETag", etag(record.version));
}

http::Response duplicate_mrn(const std::string& mrn) {
  return problem(409, "duplicate-mrn", "MRN already in use",
                 "another patient already has the MRN " + mrn,
                 {{"mrn", "unique", "mrn " + mrn + " belongs to another patient"}});
}

http::Response stale_version(std::int64_t current) {
  return problem(412, "stale-version", "The record changed since you read it",
                 "the patient is at version " + std::to_string(current) +
                     "; reload it, reapply your change and send If-Match: " + etag(current))
      .with_header("ETag", etag(current));
}

// Every error at once: type and name errors from reading, then the registry's value rules for the
// fields that could be read (a field that failed to read is not judged twice).
FieldErrors check_fields(const Json& body, PatientDemographics& demographics, FieldsMode mode,
                         UtcTime now) {
  FieldErrors errors = read_patient_fields(body, demographics, mode);
  std::set<std::string> named;  // a set, not a search of the list: linear in the errors
  for (const auto& error : errors) named.insert(error.field);
  for (auto& error : validate_demographics(demographics, utc_date_of(now))) {
    if (!named.contains(error.field)) errors.push_back(std::move(error));
  }
  return errors;
}

http::Response create_patient(ApiServices& services, RequestContext& context) {
  Json body;
  if (auto refusal = read_json_body(context, body)) return *refusal;
  PatientRecord record;
  if (auto errors = check_fields(body, record.demographics, FieldsMode::create, context.now);
      !errors.empty()) {
    return invalid_input("The patient record is not valid", errors);
  }
  record.id = new_random_id();
  record.created_at = record.updated_at = context.now;
  const auto result = services.store.create_patient(
      record, context.staff->id, audit_entry(context, "patient.create", "success", record.id));
  if (result.status == PatientWriteStatus::duplicate_mrn) {
    return duplicate_mrn(record.demographics.mrn);
  }
  return with_record(201, *result.record).with_header("Location", "/api/v1/patients/" + record.id);
}

http::Response read_patient(ApiServices& services, RequestContext& context) {
  const std::string& id = context.params.at("id");
  const auto record = services.store.find_patient(id);
  services.store.append_audit(
      audit_entry(context, "patient.read", record ? "success" : "not_found", id));
  return record ? with_record(200, *record) : patient_not_found(id);
}

http::Response search_patients(ApiServices& services, RequestContext& context) {
  FieldErrors errors;
  PatientQuery query;
  query.limit = query_limit(context, 50, 200, errors);
  if (!errors.empty()) return invalid_input("The search is not valid", errors);
  if (auto text = context.query.find("query"); text != context.query.end())
    query.text = text->second;
  if (auto cursor = context.query.find("cursor"); cursor != context.query.end()) {
    query.after_patient_id = cursor->second;
  }
  const PatientPage page = services.store.search_patients(query);
  std::vector<std::string> shown;
  for (const auto& record : page.patients) shown.push_back(record.id);
  services.store.append_audit(list_audit_entry(
      context, "patient.search", std::nullopt, std::move(shown),
      "query=\"" + query.text + "\" results=" + std::to_string(page.patients.size())));
  OrderedJson items = OrderedJson::array();
  for (const auto& record : page.patients) items.push_back(patient_to_json(record));
  OrderedJson next = page.has_more ? OrderedJson(page.patients.back().id) : OrderedJson();
  return json_response(200, {{"items", items}, {"next_cursor", next}});
}

// Takes the optional "reason" out of a PATCH body; the rest are patient fields.
std::optional<http::Response> take_reason(Json& body, std::string& reason) {
  if (!body.is_object() || !body.contains("reason")) return std::nullopt;
  const Json value = body["reason"];
  body.erase("reason");
  if (value.is_string() && value.get_ref<const std::string&>().size() <= kMaxReasonLength) {
    reason = value.get<std::string>();
    return std::nullopt;
  }
  return invalid_input("The change reason is not valid",
                       {{"reason", "type", "reason must be a string of at most 500 characters"}});
}

http::Response update_patient(ApiServices& services, RequestContext& context) {
  const std::string& id = context.params.at("id");
  const auto expected = if_match_version(context.request);
  if (!expected) {
    return problem(428, "if-match-required", "If-Match required",
                   "send If-Match with the ETag of the version you read, e.g. If-Match: \"1\"");
  }
  Json body;
  if (auto refusal = read_json_body(context, body)) return *refusal;
  std::string reason;
  if (auto refusal = take_reason(body, reason)) return *refusal;
  const auto current = services.store.find_patient(id);
  if (!current) return patient_not_found(id);
  if (current->version != *expected) return stale_version(current->version);
  PatientUpdate update{id,          *expected,         current->demographics,
                       context.now, context.staff->id, reason};
  if (auto errors = check_fields(body, update.demographics, FieldsMode::patch, context.now);
      !errors.empty()) {
    return invalid_input("The patient record is not valid", errors);
  }
  const auto changed = changed_fields(current->demographics, update.demographics);
  if (changed.empty()) return with_record(200, *current);  // nothing to record as a new version
  std::string detail = "changed:";
  for (const auto& field : changed) detail += " " + field;
  const auto result = services.store.update_patient(
      update, audit_entry(context, "patient.update", "success", id, detail));
  switch (result.status) {
    case PatientWriteStatus::ok:
      services.monitor.patients_changed();  // an MRN may now name someone else
      return with_record(200, *result.record);
    case PatientWriteStatus::version_conflict:
      return stale_version(result.current_version);
    case PatientWriteStatus::duplicate_mrn:
      return duplicate_mrn(update.demographics.mrn);
    case PatientWriteStatus::not_found:
      break;
  }
  return patient_not_found(id);
}

http::Response patient_history(ApiServices& services, RequestContext& context) {
  const std::string& id = context.params.at("id");
  const auto versions = services.store.patient_history(id);
  services.store.append_audit(
      audit_entry(context, "patient.history", versions.empty() ? "not_found" : "success", id));
  if (versions.empty()) return patient_not_found(id);
  OrderedJson list = OrderedJson::array();
  for (std::size_t i = 0; i < versions.size(); ++i) {
    const PatientVersion& v = versions[i];
    const auto changed =
        i == 0 ? std::vector<std::string>{}
               : changed_fields(versions[i - 1].record.demographics, v.record.demographics);
    list.push_back(
        {{"version", v.record.version},
         {"changed_at", to_iso8601(v.record.updated_at)},
         {"changed_by", {{"id", v.changed_by_staff_id}, {"username", v.changed_by_username}}},
         {"reason", v.reason},
         {"changed_fields", changed},
         {"record", demographics_to_json(v.record.demographics)}});
  }
  return json_response(200, {{"patient_id", id}, {"versions", list}});
}

}  // namespace

void add_patient_routes(Router& router, ApiServices& services) {
  auto bind = [&services](ServicesHandler handler) { return with_services(services, handler); };
  router.add("POST", "/api/v1/patients", Access::needs(Permission::create_patients),
             bind(create_patient));
  router.add("GET", "/api/v1/patients", Access::needs(Permission::read_patients),
             bind(search_patients));
  router.add("GET", "/api/v1/patients/{id}", Access::needs(Permission::read_patients),
             bind(read_patient));
  router.add("PATCH", "/api/v1/patients/{id}", Access::needs(Permission::update_patients),
             bind(update_patient));
  router.add("GET", "/api/v1/patients/{id}/history", Access::needs(Permission::read_patients),
             bind(patient_history));
}

}  // namespace plasticity::server
