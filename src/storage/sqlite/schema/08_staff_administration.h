// Migration 8: staff deactivation and password links.
//
// Staff accounts are deactivated, never deleted; passwords are set through single-use links.
#pragma once

#include <string_view>

namespace plasticity::sqlite::schema {

inline constexpr std::string_view kStaffAdministration = R"sql(
ALTER TABLE staff ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
CREATE TABLE password_resets (
  token_hash TEXT PRIMARY KEY,
  staff_id INTEGER NOT NULL REFERENCES staff(id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER
) STRICT;
CREATE INDEX password_resets_by_staff ON password_resets(staff_id);
)sql";

}  // namespace plasticity::sqlite::schema
