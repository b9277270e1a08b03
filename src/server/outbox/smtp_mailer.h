// Sends e-mail through the clinic's SMTP relay with libcurl (never hand-written SMTP). Settings
// come from DATA/smtp.json; without that file the clinic sends no e-mail and every message waits on
// the "to send" worklist.
//
//   SmtpMailer mailer{*settings};
//   mailer.send({"patient@example.org", "Before your visit", "Please ..."});  // throws MailError
#pragma once

#include <optional>
#include <stdexcept>
#include <string>

#include "core/utc_time.h"

namespace plasticity::server {

struct SmtpSettings {
  std::string host;
  int port = 25;
  std::string security = "starttls";  // "none", "starttls" (required) or "tls" (smtps)
  std::string from;                   // the clinic's address, e.g. "Clinic <desk@clinic.example>"
  std::string username;               // empty: no authentication
  std::string password;
  std::string public_url;  // where patients open links, e.g. "https://clinic.example"; empty:
                           // questionnaire reminders are not e-mailed (they wait on the worklist)
};

// Reads smtp.json; throws std::runtime_error naming the field and the rule.
SmtpSettings parse_smtp_settings(const std::string& json_text);

struct EmailMessage {
  std::string to;
  std::string subject;
  std::string text;
};

struct MailError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// An address fit for a header: one addr-spec with no spaces, angle brackets or line breaks.
bool plain_address(const std::string& address);

class SmtpMailer {
 public:
  explicit SmtpMailer(SmtpSettings settings) : settings_(std::move(settings)) {}
  // Returns once the relay accepted the message; throws MailError saying why not.
  void send(const EmailMessage& message, UtcTime now) const;

 private:
  SmtpSettings settings_;
};

}  // namespace plasticity::server
