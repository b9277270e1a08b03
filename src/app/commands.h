// The CLI's subcommands, each returning the process exit code.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace plasticity::app {

// Where the shipped definitions are (beside the program by default); DATA/<folder> overrides
// each, file by file.
struct DefinitionDirs {
  std::filesystem::path instruments, protocols, eligibility, scheduling, outcomes;
  static DefinitionDirs beside(const std::filesystem::path& program_dir);
};

struct ServeOptions {
  std::filesystem::path data_dir;  // the clinic's own files; its records too unless `database`
  std::string database;            // postgresql://... (or PLASTICITY_DATABASE): the records
  int database_connections = 8;    // PostgreSQL connections for requests, at most
  std::string listen = "127.0.0.1:8080";
  bool demo = false;
  int threads = 4;
  std::filesystem::path web_root;
  bool secure_cookies = false;
  int session_idle_minutes = 30;
  DefinitionDirs definitions;
  int link_valid_hours = 96;
  int reading_lookback_minutes = 60;  // readings may start this long before their session
  int weight_max_age_days = 30;       // a dose from an older chart weight says so
  int outbox_every_seconds = 30;      // how often due patient messages are e-mailed
  std::string crisis_text;            // empty: the built-in default
  std::string mllp;                   // HOST:PORT for HL7 v2 over MLLP; empty: off
  int max_connections = 1000;         // HTTP and WebSocket, at once
  int request_deadline_seconds = 30;  // a request not answered by then gets 503
  int research_min_k = 11;            // the research export's k (server/research)
};

int serve(const ServeOptions& options);

// Where a command's store is: the PostgreSQL database `database` (postgresql://..., from
// --database or PLASTICITY_DATABASE) when given, else SQLite in `data_dir`.
struct StoreLocation {
  std::filesystem::path data_dir;
  std::string database;
};

int add_user(const StoreLocation& where, const std::string& username, const std::string& role_name);
int migrate(const StoreLocation& where);

int backup(const std::filesystem::path& data_dir, const std::filesystem::path& to);
// Checks `from` (integrity, schema) and only then replaces DATA's database with it, keeping the
// replaced one beside it; refused while a server has the database open.
int restore(const std::filesystem::path& data_dir, const std::filesystem::path& from);

// `plasticity report outcomes`: the clinic's outcome report for a scheduled job, as the API
// gives it to an admin (JSON), or as CSV; `query` holds the API's parameters.
struct OutcomeReportOptions {
  std::filesystem::path data_dir;  // the clinic's own files; its records too unless `database`
  std::string database;            // postgresql://... (or PLASTICITY_DATABASE): the records
  DefinitionDirs definitions;
  std::map<std::string, std::string> query;
  std::string format = "json";
  std::filesystem::path out;  // empty: standard output
};
int report_outcomes(const OutcomeReportOptions& options);

// `plasticity export research` (research_commands.cc): the de-identified research export
// (server/research/research_export.h) as NDJSON (a file or standard output) or as one CSV file a
// table in `out`.
struct ResearchExportCommand {
  std::filesystem::path data_dir;  // the clinic's own files; its records too unless `database`
  std::string database;            // postgresql://... (or PLASTICITY_DATABASE): the records
  DefinitionDirs definitions;
  std::string format = "ndjson";
  bool limited_data_set = false;
  int min_k = 11;
  std::string override_reason;
  std::filesystem::path out;
};
int export_research(const ResearchExportCommand& command);

// `plasticity import` (import_commands.cc): FHIR files (a Bundle or NDJSON) or, with `csv`, the
// CSV files of docs/import.md; `as` names the admin the records are written by.
struct ImportCommand {
  std::filesystem::path data_dir;  // the clinic's own files; its records too unless `database`
  std::string database;            // postgresql://... (or PLASTICITY_DATABASE): the records
  DefinitionDirs definitions;
  std::string as;
  bool dry_run = false;
  bool csv = false;
  std::vector<std::filesystem::path> files;
};
int import_history(const ImportCommand& command);

// `plasticity synthesize` (synthesize_commands.cc): a synthetic clinic (server/synthesis/).
struct SynthesizeCommand {
  std::filesystem::path data_dir;  // the clinic's own files; its records too unless `database`
  std::string database;            // postgresql://... (or PLASTICITY_DATABASE): the records
  DefinitionDirs definitions;
  int patients = 3000;
  int years = 5;
  int chairs = 12;
  int vitals_every_seconds = 5;
  std::uint64_t seed = 1;
};
int synthesize(const SynthesizeCommand& command);

// `plasticity compact` (compact_commands.cc): seals every finished session's readings now; the
// last line on standard output says how many, as JSON.
int compact(const StoreLocation& where);

// `plasticity database copy` (database_commands.cc): the clinic's records from SQLite in DATA to
// the empty PostgreSQL database `to`, every table checked by count and checksum; exit 1 when
// refused (a target that is not empty, ...), with nothing committed.
int copy_database(const std::filesystem::path& data_dir, const std::string& to);

// Pharmacology (pk_commands.cc): JSON out; bad input is exit code 2 with one line naming the field.
int pk_models();
int pk_simulate(const std::string& input);
int pk_population(const std::string& input, std::size_t n, std::uint64_t seed, int threads);

}  // namespace plasticity::app
