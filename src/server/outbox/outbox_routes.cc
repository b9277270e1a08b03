// The outbox: patient instructions and questionnaire reminders queued for booked appointments,
// waiting for a messaging channel to send them.
#include <algorithm>
#include <map>

#include "server/http/credentials.h"
#include "server/http/problem.h"
#include "server/outbox/outbox_delivery.h"
#include "server/patients/patient_json.h"
#include "server/schedule/schedule_support.h"

namespace plasticity::server {
namespace {

OrderedJson message_to_json(const OutboxMessage& m) {
  return {{"id", m.id},
          {"appointment_id", m.appointment_id},
          {"patient_id", m.patient_id},
          {"instruction", m.instruction_id},
          {"text", m.text},
          {"send_after", to_iso8601(m.send_after)},
          {"status", m.status},
          {"sent_at", optional_time(m.sent_at)}};
}

http::Response outbox(ApiServices& services, RequestContext& context) {
  const std::string status =
      context.query.contains("status") ? context.query.at("status") : "pending";
  if (status != "pending" && status != "sent" && status != "withdrawn" && status != "all") {
    return invalid_input("Unknown status",
                         {{"status", "one_of", "status must be pending, sent, withdrawn or all"}});
  }
  OrderedJson items = OrderedJson::array();
  std::vector<std::string> shown;
  std::map<std::string, std::optional<PatientRecord>> patients;
  for (const auto& m : services.store.outbox(status == "all" ? "" : status)) {
    if (!patients.contains(m.patient_id))
      patients[m.patient_id] = services.store.find_patient(m.patient_id);
    const auto& patient = patients[m.patient_id];
    OrderedJson item = message_to_json(m);
    item["patient"] = patient ? patient_brief_to_json(*patient) : OrderedJson();
    // Who is reached by e-mail, and what the desk must send by hand.
    item["email_on_file"] = patient && patient->demographics.email.has_value();
    item["late"] = m.status == "pending" && m.send_after < context.now;
    items.push_back(item);
    shown.push_back(m.patient_id);
  }
  if (!shown.empty()) {
    services.store.append_audit(
        list_audit_entry(context, "outbox.read", std::nullopt, shown,
                         std::to_string(items.size()) + " messages, " + status));
  }
  return json_response(200, {{"items", items}});
}

// Marks a message sent; a questionnaire reminder gets its self-report link now (the token is in
// this answer only, never stored), valid until the appointment starts.
http::Response send_message(ApiServices& services, RequestContext& context) {
  const std::string& id = context.params.at("id");
  const auto message = services.store.find_outbox_message(id);
  if (!message)
    return problem(404, "message-not-found", "No such message", "no outbox message " + id);
  const std::string prefix = kSelfReportPrefix;
  const bool self_report = message->instruction_id.rfind(prefix, 0) == 0;
  const auto appointment = services.store.find_appointment(message->appointment_id);
  if (self_report && (!appointment || appointment->starts_at <= context.now)) {
    return problem(409, "appointment-passed", "Too late", "the appointment has started");
  }
  // Marked first: of two channels sending at once, one wins and only it gets a link.
  if (services.store.mark_message_sent(id, context.now,
                                       audit_entry(context, "outbox.sent", "success",
                                                   message->patient_id, message->instruction_id)) !=
      AcknowledgeStatus::ok) {
    return problem(409, "message-not-pending", "Not pending",
                   "this message is not waiting to be sent");
  }
  OrderedJson json = message_to_json(*message);
  const auto link = self_report
                        ? issue_self_report_link(
                              services, *message, *appointment, context.staff->id, context.now,
                              audit_entry(context, "link.create", "success", message->patient_id,
                                          message->instruction_id.substr(prefix.size())))
                        : std::nullopt;
  if (link) {
    const std::string host = context.request.header("host").value_or("localhost");
    json["text"] = message->text + " " +
                   (services.options.secure_cookies ? "https://" : "http://") + host + *link;
  }
  json["status"] = "sent";
  json["sent_at"] = to_iso8601(context.now);
  return json_response(200, json);
}

}  // namespace

void add_outbox_routes(Router& router, ApiServices& services) {
  const auto manage = Access::needs(Permission::manage_schedule);
  router.add("GET", "/api/v1/outbox", manage, with_services(services, outbox));
  router.add("POST", "/api/v1/outbox/{id}/sent", manage, with_services(services, send_message));
}

}  // namespace plasticity::server
