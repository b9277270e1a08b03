// Where a clinic network's PostgreSQL is: `postgresql://USER[:PASSWORD]@HOST[:PORT]/DBNAME`, as
// given to `--database` or PLASTICITY_DATABASE. Checked here, at the edge, so a mistyped address
// is refused with the part and the rule it broke before anything connects. User and password may
// be percent-encoded (a password with '@' or '/'); the only options taken after `?` are those
// that decide how the connection is secured.
//
//   auto url = parse_database_url("postgresql://plasticity:secret@db.clinic:5432/plasticity");
//   if (!url.error.empty()) { /* exit 2 with url.error */ }
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace plasticity::postgresql {

struct DatabaseUrl {
  std::string user;
  std::string password;  // empty: none given (libpq may still find one in ~/.pgpass)
  std::string host;
  std::uint16_t port = 5432;
  std::string database;
  // sslmode, sslrootcert, sslcert, sslkey, connect_timeout: passed to libpq as given.
  std::vector<std::pair<std::string, std::string>> options;

  // For messages and logs: the address without the password.
  std::string redacted() const;
};

struct ParsedDatabaseUrl {
  std::optional<DatabaseUrl> url;
  std::string error;  // names the part and the rule; empty when url is set
};

ParsedDatabaseUrl parse_database_url(std::string_view text);

}  // namespace plasticity::postgresql
