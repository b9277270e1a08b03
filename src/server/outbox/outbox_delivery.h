// Delivering the outbox: each pending message whose send time has come (a late one at once) is
// e-mailed through the clinic's relay to a patient with an address on file; the rest wait on the
// front desk's "to send" worklist (print, copy, mark sent). A questionnaire reminder gets its
// self-report link when it is sent, never before.
#pragma once

#include <optional>
#include <string>

#include "server/api.h"
#include "server/outbox/smtp_mailer.h"

namespace plasticity::server {

// Makes the self-report link a questionnaire reminder carries, valid until the appointment
// starts: returns "/q/<token>" (the token is never stored), or nullopt when `message` is not a
// reminder. Audited as `audit`.
std::optional<std::string> issue_self_report_link(ApiServices& services,
                                                  const OutboxMessage& message,
                                                  const Appointment& appointment,
                                                  std::optional<std::int64_t> staff_id, UtcTime now,
                                                  AuditEntry audit);

// E-mails every due message it can; returns how many were sent. A failure leaves the message
// pending for the next round (and says so in the log); three in a row end the round.
int deliver_due_messages(ApiServices& services, const SmtpMailer& mailer,
                         const std::string& public_url, UtcTime now);

}  // namespace plasticity::server
