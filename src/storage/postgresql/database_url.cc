#include "storage/postgresql/database_url.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

namespace plasticity::postgresql {
namespace {

constexpr std::string_view kForm = "postgresql://USER[:PASSWORD]@HOST[:PORT]/DBNAME";
constexpr std::array<std::string_view, 5> kOptions = {"sslmode", "sslrootcert", "sslcert", "sslkey",
                                                      "connect_timeout"};

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// Percent-decoding; nullopt when a '%' is not followed by two hex digits or a control character
// results (no part of a connection address may hold one).
std::optional<std::string> decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      const int high = hex_value(text[i + 1]);
      const int low = hex_value(text[i + 2]);
      if (high < 0 || low < 0) return std::nullopt;
      c = static_cast<char>(high * 16 + low);
      i += 2;
    }
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return std::nullopt;
    out += c;
  }
  return out;
}

ParsedDatabaseUrl refuse(std::string message) {
  return {std::nullopt, "--database: " + std::move(message)};
}

bool is_host_character(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_';
}

}  // namespace

std::string DatabaseUrl::redacted() const {
  return "postgresql://" + user + (password.empty() ? "" : ":***") + "@" + host + ":" +
         std::to_string(port) + "/" + database;
}

ParsedDatabaseUrl parse_database_url(std::string_view text) {
  std::string_view rest = text;
  if (rest.starts_with("postgresql://")) {
    rest.remove_prefix(13);
  } else if (rest.starts_with("postgres://")) {
    rest.remove_prefix(11);
  } else {
    return refuse("must begin with postgresql:// (the form is " + std::string(kForm) + ")");
  }
  DatabaseUrl url;

  const std::size_t query_at = rest.find('?');
  const std::string_view query =
      query_at == std::string_view::npos ? std::string_view{} : rest.substr(query_at + 1);
  rest = rest.substr(0, query_at);

  const std::size_t at = rest.rfind('@');
  if (at == std::string_view::npos) {
    return refuse("a user is required before '@' (the form is " + std::string(kForm) + ")");
  }
  const std::string_view credentials = rest.substr(0, at);
  rest.remove_prefix(at + 1);
  const std::size_t colon = credentials.find(':');
  const auto user = decode(credentials.substr(0, colon));
  if (!user || user->empty()) return refuse("the user is empty or badly percent-encoded");
  url.user = *user;
  if (colon != std::string_view::npos) {
    const auto password = decode(credentials.substr(colon + 1));
    if (!password) return refuse("the password is badly percent-encoded");
    url.password = *password;
  }

  const std::size_t slash = rest.find('/');
  if (slash == std::string_view::npos) return refuse("a database name is required after '/'");
  std::string_view host_port = rest.substr(0, slash);
  const auto database = decode(rest.substr(slash + 1));
  if (!database || database->empty() || database->find('/') != std::string::npos) {
    return refuse("the database name is empty, has a '/', or is badly percent-encoded");
  }
  url.database = *database;

  const std::size_t port_colon = host_port.rfind(':');
  if (port_colon != std::string_view::npos) {
    const std::string_view port = host_port.substr(port_colon + 1);
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (port.empty() || ec != std::errc{} || end != port.data() + port.size() || value < 1 ||
        value > 65535) {
      return refuse("the port must be a number from 1 to 65535, not '" + std::string(port) + "'");
    }
    url.port = static_cast<std::uint16_t>(value);
    host_port = host_port.substr(0, port_colon);
  }
  if (host_port.empty() || !std::all_of(host_port.begin(), host_port.end(), is_host_character)) {
    return refuse(
        "the host must be a name or IPv4 address (letters, digits, '.', '-', '_'), not '" +
        std::string(host_port) + "'");
  }
  url.host = host_port;

  std::string_view options = query;
  while (!options.empty()) {
    const std::size_t amp = options.find('&');
    const std::string_view pair = options.substr(0, amp);
    options = amp == std::string_view::npos ? std::string_view{} : options.substr(amp + 1);
    const std::size_t eq = pair.find('=');
    const std::string_view name = pair.substr(0, eq);
    if (std::find(kOptions.begin(), kOptions.end(), name) == kOptions.end()) {
      return refuse("option '" + std::string(name) +
                    "' is not one Plasticity passes on (sslmode, sslrootcert, sslcert, sslkey, "
                    "connect_timeout)");
    }
    const auto value = decode(eq == std::string_view::npos ? "" : pair.substr(eq + 1));
    if (!value || value->empty()) {
      return refuse("option '" + std::string(name) + "' needs a value");
    }
    url.options.emplace_back(name, *value);
  }
  return {std::move(url), ""};
}

}  // namespace plasticity::postgresql
