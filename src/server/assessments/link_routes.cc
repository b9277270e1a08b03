// Patient self-report links: staff create one for some questionnaires; the patient opens it
// without signing in, sees only those questionnaires, and submits once.
#include <algorithm>
#include <variant>

#include "server/api.h"
#include "server/assessments/assessment_support.h"
#include "server/http/credentials.h"
#include "server/http/problem.h"

namespace plasticity::server {
namespace {

constexpr int kMaxLinkValidHours = 30 * 24;

http::Response create_link(ApiServices& services, RequestContext& context) {
  const std::string& patient_id = context.params.at("id");
  Json body;
  if (auto refusal = read_json_body(context, body)) return *refusal;
  FieldErrors errors;
  std::vector<std::string> instruments;
  const Json list = body.is_object() ? body.value("instruments", Json()) : Json();
  if (!list.is_array() || list.empty()) {
    errors.push_back(
        {"instruments", "required", "instruments must list at least one instrument id"});
  } else {
    for (std::size_t i = 0; i < list.size(); ++i) {
      const std::string field = "instruments/" + std::to_string(i);
      const auto* entry =
          list[i].is_string() ? services.instruments.find(list[i].get<std::string>()) : nullptr;
      if (!entry) {
        errors.push_back({field, "unknown_instrument", field + " is not a known instrument"});
      } else if (entry->instrument.rater != "self") {
        errors.push_back({field, "self_report",
                          entry->instrument.id + " is rated by a clinician, not the patient"});
      } else {
        instruments.push_back(entry->instrument.id);
      }
    }
  }
  int valid_hours = services.options.link_valid_hours;
  if (body.is_object() && body.contains("valid_hours")) {
    const Json& hours = body["valid_hours"];
    if (!hours.is_number_integer() || hours.get<int>() < 1 ||
        hours.get<int>() > kMaxLinkValidHours) {
      errors.push_back(
          {"valid_hours", "range", "valid_hours must be a whole number from 1 to 720"});
    } else {
      valid_hours = hours.get<int>();
    }
  }
  const Json by_email = body.is_object() ? body.value("send_by_email", Json(false)) : Json(false);
  if (!by_email.is_boolean()) {
    errors.push_back({"send_by_email", "boolean", "send_by_email must be true or false"});
  }
  if (!errors.empty()) return invalid_input("The link request is not valid", errors);
  const auto patient = services.store.find_patient(patient_id);
  if (!patient) return patient_not_found(patient_id);
  const bool email = by_email.get<bool>();
  if (email && !services.options.smtp) {
    return problem(409, "no-mail-relay", "E-mail is not set up",
                   "the clinic has no mail relay (DATA/smtp.json): give the patient the link");
  }
  if (email && !patient->demographics.email) {
    return problem(409, "no-email-on-file", "No e-mail address",
                   "the chart has no e-mail address: add one, or give the patient the link");
  }
  const std::string token = new_session_token();
  AssessmentLink link{new_random_id(),
                      token_hash(token),
                      patient_id,
                      instruments,
                      context.staff->id,
                      context.now,
                      UtcTime{context.now.epoch_ms + valid_hours * 60 * kMillisPerMinute},
                      std::nullopt};
  std::string detail;
  for (const auto& id : instruments) detail += (detail.empty() ? "" : ",") + id;
  services.store.create_assessment_link(
      link, audit_entry(context, "link.create", "success", patient_id, detail));
  const std::string host = context.request.header("host").value_or("localhost");
  const std::string scheme = services.options.secure_cookies ? "https" : "http";
  const std::string base = email && !services.options.smtp->public_url.empty()
                               ? services.options.smtp->public_url
                               : scheme + "://" + host;
  OrderedJson json{{"url", base + "/q/" + token},
                   {"expires_at", to_iso8601(link.expires_at)},
                   {"instruments", instruments}};
  if (email) {
    try {
      SmtpMailer{*services.options.smtp}.send(
          {*patient->demographics.email, "Questionnaires from your clinic",
           "Please fill in these questionnaires for your care team before " +
               to_iso8601(link.expires_at).substr(0, 10) + ":\n\n" + base + "/q/" + token +
               "\n\nThe link works once.\n\n" + services.settings.get()->crisis_text},
          context.now);
    } catch (const MailError& error) {
      // The link exists but reached nobody; the desk can still hand it over.
      return problem(502, "mail-failed", "The e-mail was not sent",
                     std::string("the mail relay refused it: ") + error.what() +
                         "; give the patient the link instead");
    }
    services.store.append_audit(
        audit_entry(context, "link.email", "success", patient_id, *patient->demographics.email));
    json["emailed_to"] = *patient->demographics.email;
  }
  return json_response(201, json);
}

// The link a token names, if it may still be used; otherwise the problem to answer.
std::variant<AssessmentLink, http::Response> usable_link(ApiServices& services,
                                                         RequestContext& context) {
  auto link = services.store.find_assessment_link(token_hash(context.params.at("token")));
  if (!link)
    return problem(404, "link-not-found", "Link not found",
                   "this link does not exist; ask the clinic for a new one");
  if (link->used_at) {
    return problem(410, "link-used", "Already submitted",
                   "these questionnaires were already submitted; thank you");
  }
  if (context.now >= link->expires_at) {
    return problem(410, "link-expired", "Link expired",
                   "this link has expired; ask the clinic for a new one");
  }
  return *link;
}

AuditEntry patient_audit(const RequestContext& context, const AssessmentLink& link,
                         std::string action) {
  AuditEntry entry =
      audit_entry(context, std::move(action), "success", link.patient_id, "link " + link.id);
  entry.username = "patient-link";
  entry.role = "patient";
  return entry;
}

http::Response open_link(ApiServices& services, RequestContext& context) {
  auto found = usable_link(services, context);
  if (auto* refusal = std::get_if<http::Response>(&found)) return *refusal;
  const auto& link = std::get<AssessmentLink>(found);
  services.store.append_audit(patient_audit(context, link, "link.open"));
  // Only the questionnaires: no name, no other patient data, on a page anyone with the URL sees.
  OrderedJson instruments = OrderedJson::array();
  for (const auto& id : link.instruments) {
    if (const auto* entry = services.instruments.find(id)) {
      instruments.push_back(OrderedJson::parse(entry->definition_json));
    }
  }
  return json_response(200, {{"instruments", instruments},
                             {"expires_at", to_iso8601(link.expires_at)},
                             {"crisis_text", services.settings.get()->crisis_text}});
}

http::Response submit_link(ApiServices& services, RequestContext& context) {
  auto found = usable_link(services, context);
  if (auto* refusal = std::get_if<http::Response>(&found)) return *refusal;
  const auto& link = std::get<AssessmentLink>(found);
  Json body;
  if (auto refusal = read_json_body(context, body)) return *refusal;
  const Json responses = body.is_object() ? body.value("responses", Json()) : Json();
  if (!responses.is_object()) {
    return invalid_input(
        "Nothing submitted",
        {{"responses", "required", "responses must map each questionnaire to its answers"}});
  }
  FieldErrors errors;
  std::vector<AssessmentRecord> records;
  std::vector<AlertRecord> alerts;
  for (const auto& id : link.instruments) {
    const auto* entry = services.instruments.find(id);
    if (!entry) {  // the clinic removed the definition after the link was made
      return problem(409, "link-outdated", "Questionnaire no longer offered",
                     id + " is no longer offered; ask the clinic for a new link");
    }
    const Instrument& instrument = entry->instrument;
    const std::string path = "responses/" + id;
    Submission submission{link.patient_id, {}, context.now, "patient_link", std::nullopt, link.id};
    auto answer_errors = responses.contains(id)
                             ? read_answers(responses[id], path, submission.answers)
                             : FieldErrors{{path, "required", "please answer " + instrument.name}};
    if (answer_errors.empty()) {
      for (auto e : check_answers(instrument, submission.answers)) {
        answer_errors.push_back(
            {path + "/" + e.field.substr(e.field.find('/') + 1), e.rule, e.message});
      }
    }
    ScoredSubmission scored =
        score_submission(services.store, instrument, std::move(submission), context.now);
    // A patient's form must be whole: an unanswered question is asked again, never guessed.
    for (const auto& item : scored.record.score.missing_items) {
      answer_errors.push_back(
          {path + "/" + item, "required", "please answer: " + instrument.item(item)->label});
    }
    errors.insert(errors.end(), answer_errors.begin(), answer_errors.end());
    records.push_back(std::move(scored.record));
    alerts.insert(alerts.end(), scored.alerts.begin(), scored.alerts.end());
  }
  if (!errors.empty()) return invalid_input("Some questions are not answered", errors);
  const auto status = services.store.record_assessments(
      records, alerts, link.id, context.now, patient_audit(context, link, "link.submit"));
  if (status == AssessmentWriteStatus::link_spent) {
    return problem(410, "link-used", "Already submitted",
                   "these questionnaires were already submitted; thank you");
  }
  const bool show_crisis = std::any_of(alerts.begin(), alerts.end(), [](const AlertRecord& a) {
    return a.kind == "suicidal_ideation" || a.kind.rfind("cssrs_", 0) == 0;
  });
  return json_response(
      201, {{"submitted", true},
            {"show_crisis_text", show_crisis},
            {"crisis_text",
             show_crisis ? OrderedJson(services.settings.get()->crisis_text) : OrderedJson()}});
}

}  // namespace

void add_link_routes(Router& router, ApiServices& services) {
  router.add("POST", "/api/v1/patients/{id}/assessment-links",
             Access::needs(Permission::send_assessment_links),
             with_services(services, create_link));
  router.add("GET", "/api/v1/links/{token}", Access::public_route(),
             with_services(services, open_link));
  router.add("POST", "/api/v1/links/{token}/responses", Access::public_route(),
             with_services(services, submit_link));
}

}  // namespace plasticity::server
