#include "server/outbox/smtp_mailer.h"

#include <curl/curl.h>

#include <cstring>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>

#include "server/http/credentials.h"

namespace plasticity::server {
namespace {

using Json = nlohmann::json;

std::string field_text(const Json& json, const char* key, bool required) {
  if (!json.contains(key)) {
    if (required) throw std::runtime_error(std::string("smtp.json: /") + key + " is required");
    return "";
  }
  if (!json[key].is_string()) {
    throw std::runtime_error(std::string("smtp.json: /") + key + " must be text");
  }
  return json[key].get<std::string>();
}

// The address inside "Name <addr>", or the whole text.
std::string address_of(const std::string& mailbox) {
  const auto open = mailbox.rfind('<');
  const auto close = mailbox.rfind('>');
  if (open != std::string::npos && close != std::string::npos && open < close) {
    return mailbox.substr(open + 1, close - open - 1);
  }
  return mailbox;
}

// Line breaks become CRLF, as SMTP wants; a lone CR or LF is never left to be read as a header.
std::string crlf(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') continue;
    if (text[i] == '\n') {
      out += "\r\n";
    } else {
      out += text[i];
    }
  }
  return out;
}

// A header value on one line: a line break in it could start a header of its own.
std::string one_line(const std::string& text) {
  std::string out = text.substr(0, 200);
  for (char& c : out) {
    if (c == '\r' || c == '\n') c = ' ';
  }
  return out;
}

// "Thu, 03 Dec 2026 07:14:09 +0000" (RFC 5322 date-time, in UTC).
std::string rfc5322_date(UtcTime now) {
  static constexpr const char* kDays[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::string iso = to_iso8601(now);  // 2026-12-03T07:14:09.123Z
  const std::int64_t days = now.epoch_ms / (24 * 60 * kMillisPerMinute);
  const int month = std::stoi(iso.substr(5, 2));
  return std::string(kDays[days % 7]) + ", " + iso.substr(8, 2) + " " + kMonths[month - 1] + " " +
         iso.substr(0, 4) + " " + iso.substr(11, 8) + " +0000";
}

struct Upload {
  std::string data;
  std::size_t at = 0;
};

std::size_t read_upload(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  const std::size_t n = std::min(size * count, upload->data.size() - upload->at);
  std::memcpy(buffer, upload->data.data() + upload->at, n);
  upload->at += n;
  return n;
}

}  // namespace

SmtpSettings parse_smtp_settings(const std::string& json_text) {
  const Json json = Json::parse(json_text, nullptr, false);
  if (json.is_discarded() || !json.is_object()) {
    throw std::runtime_error("smtp.json: not a JSON object");
  }
  SmtpSettings s;
  s.host = field_text(json, "host", true);
  if (s.host.empty() || s.host.find_first_of(" /:@\r\n") != std::string::npos) {
    throw std::runtime_error("smtp.json: /host must be a host name or address");
  }
  if (json.contains("port")) {
    if (!json["port"].is_number_integer() || json["port"].get<int>() < 1 ||
        json["port"].get<int>() > 65535) {
      throw std::runtime_error("smtp.json: /port must be a whole number from 1 to 65535");
    }
    s.port = json["port"].get<int>();
  }
  if (json.contains("security")) s.security = field_text(json, "security", true);
  if (s.security != "none" && s.security != "starttls" && s.security != "tls") {
    throw std::runtime_error("smtp.json: /security must be none, starttls or tls");
  }
  s.from = field_text(json, "from", true);
  if (!plain_address(address_of(s.from)) || s.from.find_first_of("\r\n") != std::string::npos) {
    throw std::runtime_error("smtp.json: /from must be an e-mail address");
  }
  s.username = field_text(json, "username", false);
  s.password = field_text(json, "password", false);
  s.public_url = field_text(json, "public_url", false);
  if (!s.public_url.empty() && s.public_url.rfind("https://", 0) != 0 &&
      s.public_url.rfind("http://", 0) != 0) {
    throw std::runtime_error("smtp.json: /public_url must start with https:// or http://");
  }
  while (!s.public_url.empty() && s.public_url.back() == '/') s.public_url.pop_back();
  return s;
}

bool plain_address(const std::string& address) {
  const auto at = address.find('@');
  return at != std::string::npos && at > 0 && at + 1 < address.size() &&
         address.find('@', at + 1) == std::string::npos && address.size() <= 254 &&
         address.find_first_of(" <>,;\"\r\n\t") == std::string::npos;
}

void SmtpMailer::send(const EmailMessage& message, UtcTime now) const {
  if (!plain_address(message.to)) throw MailError("not an e-mail address: " + message.to);
  static std::once_flag curl_started;
  std::call_once(curl_started, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), &curl_easy_cleanup);
  if (!curl) throw MailError("libcurl could not start");
  Upload upload;
  upload.data =
      "Date: " + rfc5322_date(now) + "\r\nFrom: " + settings_.from + "\r\nTo: <" + message.to +
      ">\r\nSubject: " + one_line(message.subject) + "\r\nMessage-ID: <" + new_random_id() +
      "@plasticity>\r\nMIME-Version: 1.0\r\n" +
      "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" +
      crlf(message.text) + "\r\n";
  const std::string url = std::string(settings_.security == "tls" ? "smtps://" : "smtp://") +
                          settings_.host + ":" + std::to_string(settings_.port);
  curl_slist* recipients = curl_slist_append(nullptr, ("<" + message.to + ">").c_str());
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> rcpt(recipients,
                                                                   &curl_slist_free_all);
  char error[CURL_ERROR_SIZE] = "";
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, ("<" + address_of(settings_.from) + ">").c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, recipients);
  curl_easy_setopt(c, CURLOPT_READFUNCTION, read_upload);
  curl_easy_setopt(c, CURLOPT_READDATA, &upload);
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);  // a stuck relay never holds the sender long
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  if (settings_.security == "starttls") curl_easy_setopt(c, CURLOPT_USE_SSL, CURLUSESSL_ALL);
  if (!settings_.username.empty()) {
    curl_easy_setopt(c, CURLOPT_USERNAME, settings_.username.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, settings_.password.c_str());
  }
  const CURLcode result = curl_easy_perform(c);
  if (result != CURLE_OK) {
    throw MailError(std::string(curl_easy_strerror(result)) + (*error ? ": " : "") + error);
  }
}

}  // namespace plasticity::server
