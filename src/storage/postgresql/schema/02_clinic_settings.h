// Migration 2: clinic settings edited in the browser.
//
// The settings an admin edits in the browser; each row overrides the clinic's definition files.
#pragma once

#include <string_view>

namespace plasticity::postgresql::schema {

inline constexpr std::string_view kClinicSettings = R"sql(
CREATE TABLE clinic_settings (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  changed_at BIGINT NOT NULL,
  changed_by BIGINT REFERENCES staff(id)
);
)sql";

}  // namespace plasticity::postgresql::schema
