// Migration 15: the order of an assessment's flags kept in a column.
//
// The order of an assessment's flags kept in a column, so that one statement reads it on both
// engines (it was SQLite's rowid, which PostgreSQL has no twin of); existing flags keep theirs.
#pragma once

#include <string_view>

namespace plasticity::sqlite::schema {

inline constexpr std::string_view kFlagPositions = R"sql(
ALTER TABLE assessment_flags ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
UPDATE assessment_flags SET position = rowid;
)sql";

}  // namespace plasticity::sqlite::schema
