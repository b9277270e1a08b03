// Migration 7: where imported records came from.
//
// Where each imported record came from (storage/areas/import_store.h).
#pragma once

#include <string_view>

namespace plasticity::postgresql::schema {

inline constexpr std::string_view kImportedRecords = R"sql(
CREATE TABLE imported_records (
  record_id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  source TEXT NOT NULL,
  source_key TEXT NOT NULL,
  run_id TEXT NOT NULL,
  imported_at BIGINT NOT NULL
);
)sql";

}  // namespace plasticity::postgresql::schema
