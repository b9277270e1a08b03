// Migration 2: indexes for audit queries and sessions.
#pragma once

#include <string_view>

namespace plasticity::sqlite::schema {

inline constexpr std::string_view kLookupIndexes = R"sql(
CREATE INDEX audit_log_by_patient ON audit_log(patient_id, id);
CREATE INDEX audit_log_by_username ON audit_log(username, id);
CREATE INDEX audit_log_by_time ON audit_log(at);
CREATE INDEX staff_sessions_by_staff ON staff_sessions(staff_id);
)sql";

}  // namespace plasticity::sqlite::schema
