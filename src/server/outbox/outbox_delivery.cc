#include "server/outbox/outbox_delivery.h"

#include <spdlog/spdlog.h>

#include "server/http/credentials.h"
#include "server/schedule/schedule_support.h"

namespace plasticity::server {
namespace {

// An entry the sender writes itself: no staff member, no request.
AuditEntry system_audit(UtcTime now, const std::string& action, const std::string& patient_id,
                        const std::string& detail) {
  return {0,         now,        std::nullopt, "outbox", "system", action,
          "success", patient_id, "",           "local",  detail};
}

std::vector<std::string> instruments_of(const std::string& instruction_id) {
  const std::string ids = instruction_id.substr(std::string(kSelfReportPrefix).size());
  std::vector<std::string> instruments;
  for (std::size_t at = 0; at <= ids.size();) {
    const std::size_t comma = std::min(ids.find(',', at), ids.size());
    instruments.push_back(ids.substr(at, comma - at));
    at = comma + 1;
  }
  return instruments;
}

// Three refusals in a row mean the relay, not a message: stop hammering it until the next round.
constexpr int kFailuresBeforePause = 3;

}  // namespace

std::optional<std::string> issue_self_report_link(ApiServices& services,
                                                  const OutboxMessage& message,
                                                  const Appointment& appointment,
                                                  std::optional<std::int64_t> staff_id, UtcTime now,
                                                  AuditEntry audit) {
  if (message.instruction_id.rfind(kSelfReportPrefix, 0) != 0) return std::nullopt;
  const std::string token = new_session_token();
  services.store.create_assessment_link(
      {new_random_id(), token_hash(token), message.patient_id,
       instruments_of(message.instruction_id), staff_id.value_or(appointment.created_by), now,
       appointment.starts_at, std::nullopt},
      audit);
  return "/q/" + token;
}

int deliver_due_messages(ApiServices& services, const SmtpMailer& mailer,
                         const std::string& public_url, UtcTime now) {
  int sent = 0;
  int failed = 0;  // in a row
  const auto clinic = services.settings.get();
  const ClinicTimeZone& zone = *clinic->schedule.time_zone;
  for (const auto& message : services.store.outbox("pending")) {
    if (now < message.send_after) break;  // oldest first by send time: the rest are not due
    const auto patient = services.store.find_patient(message.patient_id);
    const auto appointment = services.store.find_appointment(message.appointment_id);
    // No usable address: the worklist's.
    if (!patient || !patient->demographics.email || !plain_address(*patient->demographics.email) ||
        !appointment) {
      continue;
    }
    const bool reminder = message.instruction_id.rfind(kSelfReportPrefix, 0) == 0;
    if (reminder && (public_url.empty() || appointment->starts_at <= now)) continue;
    const LocalDateTime when = zone.to_local(appointment->starts_at);
    EmailMessage email{
        *patient->demographics.email,
        "Your appointment on " + to_iso_string(when.date) + " at " + clock_text(when.minute_of_day),
        message.text};
    try {
      if (reminder) {
        email.text += "\n\n" + public_url +
                      *issue_self_report_link(services, message, *appointment, std::nullopt, now,
                                              system_audit(now, "link.create", message.patient_id,
                                                           "e-mailed with a reminder"));
      }
      mailer.send(email, now);
    } catch (const std::exception& error) {
      // Still pending: the next round tries again, and the worklist shows it meanwhile. (Not an
      // audit row: a relay that is down for a day would write thousands.)
      spdlog::warn("e-mail for outbox message {} failed: {}", message.id, error.what());
      if (++failed == kFailuresBeforePause) {
        spdlog::warn("the mail relay failed {} times in a row: trying again next round", failed);
        break;
      }
      continue;
    }
    failed = 0;
    services.store.mark_message_sent(
        message.id, now,
        system_audit(now, "outbox.email", message.patient_id, message.instruction_id));
    ++sent;
  }
  return sent;
}

}  // namespace plasticity::server
