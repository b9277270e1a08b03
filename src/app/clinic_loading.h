// What every subcommand that opens a clinic needs: its database, and what the clinic is set up
// with (the shipped definitions, the clinic's own files over them, and the settings its admin
// changed in the browser over those).
#pragma once

#include <filesystem>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/commands.h"
#include "interop/clinic_settings.h"
#include "interop/forecast_evidence_json.h"
#include "interop/instrument_json.h"
#include "interop/protocol_json.h"
#include "interop/published_outcomes_json.h"
#include "storage/postgresql/postgresql_store.h"
#include "storage/sqlite/sqlite_store.h"

namespace plasticity::app {

inline constexpr const char* kDatabaseFile = "plasticity.db";

std::unique_ptr<SqliteStore> open_store(const std::filesystem::path& data_dir);
// A clinic network's PostgreSQL, migrated with the same progress lines as open_store, with at most
// `connections` open for its work.
std::unique_ptr<PostgresqlStore> open_postgresql_store(
    const postgresql::DatabaseUrl& url,
    std::size_t connections = PostgresqlStore::kDefaultConnections);
// The PostgreSQL address a command was given, or nothing with the reason on standard error.
std::optional<postgresql::DatabaseUrl> database_url(const std::string& text);
// The records `where` names, migrated: PostgreSQL for --database (or PLASTICITY_DATABASE), else
// SQLite in --data. Nothing, with the reason on standard error (exit 2), when it names neither or
// a malformed URL.
std::unique_ptr<Store> open_records(const StoreLocation& where);

// Seals every finished session's readings (storage/vital_block.h), with progress to `progress`
// when given: `plasticity compact`, and `plasticity synthesize` after each group it writes.
SealReport seal_all(Store& store, std::ostream* progress);

// A whole file as it is on disk; throws std::runtime_error("cannot be read") when it cannot be.
std::string read_file(const std::filesystem::path& path);

struct LoadedClinic {
  InstrumentCatalog instruments;
  ProtocolCatalog protocols;
  ClinicSettings settings;
  std::vector<PublishedFigure> published;
  ForecastEvidence forecast_evidence;
};

// Throws DefinitionError naming the file and field when a definition is malformed. `crisis_text`
// (the --crisis-text flag) replaces the built-in one unless empty.
LoadedClinic load_clinic(const DefinitionDirs& dirs, const std::filesystem::path& data_dir,
                         Store& store, const std::string& crisis_text);

}  // namespace plasticity::app
