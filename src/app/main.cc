// plasticity: one program, with subcommands: serve, user add, migrate.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <map>
#include <thread>

#include "app/commands.h"
#include "app/device_feed.h"
#include "pharmacology/population.h"
#include "server/reports/outcome_json.h"
#include "staff/role.h"
#include "storage/store.h"

namespace {

// The built UI and the instrument definitions sit beside the program (build/web,
// build/instruments).
std::filesystem::path program_directory(const char* argv0) {
  std::error_code ec;
  auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) self = std::filesystem::absolute(argv0);
  return self.parent_path();
}

}  // namespace

int main(int argc, char** argv) {
  using namespace plasticity;
  CLI::App cli{"Plasticity: a clinical platform for ketamine and esketamine treatment programs"};
  cli.set_version_flag("--version", std::string("plasticity ") + PLASTICITY_VERSION);
  cli.require_subcommand(1);

  app::ServeOptions serve;
  serve.web_root = program_directory(argv[0]) / "web";
  serve.definitions = app::DefinitionDirs::beside(program_directory(argv[0]));
  auto* serve_cmd = cli.add_subcommand("serve", "Serve the API and the web UI over HTTP");
  serve_cmd
      ->add_option("--data", serve.data_dir,
                   "Data directory: the clinic's own files, exports, and plasticity.db unless "
                   "--database")
      ->required();
  serve_cmd
      ->add_option("--database", serve.database,
                   "The records in PostgreSQL instead: postgresql://USER[:PASSWORD]@HOST[:PORT]/"
                   "DBNAME (any number of servers may share one)")
      ->envname("PLASTICITY_DATABASE");
  serve_cmd
      ->add_option("--database-connections", serve.database_connections,
                   "With --database: PostgreSQL connections open at once for requests (each "
                   "request holds one while it runs)")
      ->capture_default_str()
      ->check(CLI::Range(2, 500));
  serve_cmd->add_option("--listen", serve.listen, "Address and port to listen on")
      ->capture_default_str();
  serve_cmd->add_flag("--demo", serve.demo, "Seed a demo clinic with fictional patients (once)");
  serve_cmd->add_option("--threads", serve.threads, "Worker threads")
      ->capture_default_str()
      ->check(CLI::Range(1, 64));
  serve_cmd->add_option("--web-root", serve.web_root, "Directory of the built web UI")
      ->capture_default_str();
  serve_cmd->add_flag("--secure-cookies", serve.secure_cookies,
                      "Mark the session cookie Secure (when served over HTTPS via a proxy)");
  serve_cmd
      ->add_option("--session-idle-minutes", serve.session_idle_minutes,
                   "Sign staff out after this long without a request")
      ->capture_default_str()
      ->check(CLI::Range(1, 24 * 60));
  serve_cmd
      ->add_option("--instruments", serve.definitions.instruments,
                   "Directory of the shipped instrument definitions (DATA/instruments overrides)")
      ->capture_default_str();
  serve_cmd
      ->add_option("--protocols", serve.definitions.protocols,
                   "Directory of the shipped protocols (DATA/protocols overrides)")
      ->capture_default_str();
  serve_cmd
      ->add_option("--max-connections", serve.max_connections,
                   "HTTP connections open at once (more are answered 503); lowered to fit the "
                   "open-file limit")
      ->capture_default_str()
      ->check(CLI::Range(8, 100000));
  serve_cmd
      ->add_option("--request-deadline-seconds", serve.request_deadline_seconds,
                   "Answer 503 for a request not answered within this time")
      ->capture_default_str()
      ->check(CLI::Range(1, 600));
  serve_cmd->add_option("--mllp", serve.mllp,
                        "Accept HL7 v2 vital signs over MLLP on HOST:PORT (e.g. 127.0.0.1:2575)");
  serve_cmd
      ->add_option("--reading-lookback-minutes", serve.reading_lookback_minutes,
                   "Refuse vital-sign readings measured longer than this before their session "
                   "was booked or scheduled")
      ->capture_default_str()
      ->check(CLI::Range(0, 7 * 24 * 60));
  serve_cmd
      ->add_option("--outbox-every-seconds", serve.outbox_every_seconds,
                   "How often patient messages that are due are e-mailed (with DATA/smtp.json)")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
  serve_cmd
      ->add_option("--weight-max-age-days", serve.weight_max_age_days,
                   "Warn on a dose computed from a chart weight recorded longer than this before "
                   "the session (clinic default, unverified)")
      ->capture_default_str()
      ->check(CLI::Range(1, 3650));
  serve_cmd
      ->add_option("--link-valid-hours", serve.link_valid_hours,
                   "How long a patient self-report link stays valid")
      ->capture_default_str()
      ->check(CLI::Range(1, 720));
  serve_cmd
      ->add_option("--research-min-k", serve.research_min_k,
                   "Refuse a research export when fewer patients share the rarest birth decade, "
                   "sex and diagnosis (docs/research.md)")
      ->capture_default_str()
      ->check(CLI::Range(2, 1000));
  serve_cmd->add_option(
      "--crisis-text", serve.crisis_text,
      "Text shown to a patient who endorses a suicidality item (default: 911/988)");

  // Where a command's records are: --database (or PLASTICITY_DATABASE) for a clinic network's
  // PostgreSQL, else SQLite in --data.
  const auto add_database_option = [](CLI::App* command, std::string& database) {
    command
        ->add_option(
            "--database", database,
            "The records in PostgreSQL instead of SQLite: postgresql://USER[:PASSWORD]@HOST[:PORT]/"
            "DBNAME")
        ->envname("PLASTICITY_DATABASE");
  };
  // For the commands that need no clinic files: --data or --database.
  const auto add_store_options = [&](CLI::App* command, app::StoreLocation& where) {
    command->add_option("--data", where.data_dir, "Data directory (SQLite)");
    add_database_option(command, where.database);
  };

  app::StoreLocation user_store;
  std::string username, role;
  auto* user_cmd = cli.add_subcommand("user", "Manage staff accounts");
  user_cmd->require_subcommand(1);
  auto* add_cmd = user_cmd->add_subcommand(
      "add", "Create a staff account; the password is read from standard input");
  add_store_options(add_cmd, user_store);
  add_cmd->add_option("--username", username, "Username (a-z, 0-9, '.', '_', '-')")->required();
  std::vector<std::string> roles(role_names().begin(), role_names().end());
  add_cmd->add_option("--role", role, "Role")->required()->check(CLI::IsMember(roles));

  app::StoreLocation migrate_store;
  auto* migrate_cmd = cli.add_subcommand("migrate", "Apply pending database schema migrations");
  add_store_options(migrate_cmd, migrate_store);

  std::filesystem::path backup_data, backup_to;
  auto* backup_cmd = cli.add_subcommand(
      "backup", "Copy the database to a new file while the server keeps running (online backup)");
  backup_cmd->add_option("--data", backup_data, "Data directory")->required();
  backup_cmd->add_option("--to", backup_to, "The backup file to create")->required();
  app::StoreLocation compact_store;
  auto* compact_cmd = cli.add_subcommand(
      "compact",
      "Seal every finished session's vital signs into compact blocks now (the server "
      "does it in the background)");
  add_store_options(compact_cmd, compact_store);
  std::filesystem::path restore_data, restore_from;
  auto* restore_cmd = cli.add_subcommand(
      "restore", "Replace the database with a backup, checked first (stop the server first)");
  restore_cmd->add_option("--data", restore_data, "Data directory")->required();
  restore_cmd->add_option("--from", restore_from, "The backup file")->required();

  std::filesystem::path copy_data;
  std::string copy_to;
  auto* database_cmd = cli.add_subcommand("database", "Move a clinic's records between engines");
  database_cmd->require_subcommand(1);
  auto* copy_cmd = database_cmd->add_subcommand(
      "copy",
      "Copy every record, the whole audit trail included, from SQLite in --data to an empty "
      "PostgreSQL database, checking each table's rows and checksum (docs/operations.md)");
  copy_cmd->add_option("--data", copy_data, "Data directory holding plasticity.db")->required();
  copy_cmd
      ->add_option("--to", copy_to,
                   "The empty PostgreSQL database: postgresql://USER[:PASSWORD]@HOST[:PORT]/DBNAME")
      ->required();

  std::string pk_input;
  auto* pk_cmd = cli.add_subcommand("pk", "Pharmacokinetic simulation (exact linear models)");
  pk_cmd->require_subcommand(1);
  auto* pk_models_cmd =
      pk_cmd->add_subcommand("models", "List the models with their sources (JSON)");
  auto* pk_simulate_cmd =
      pk_cmd->add_subcommand("simulate", "Simulate one patient's regimen (JSON in, JSON out)");
  pk_simulate_cmd->add_option("--input", pk_input, "Request file, or - for standard input")
      ->required();
  std::size_t population_n = 1000;
  std::uint64_t population_seed = 1;
  int population_threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  auto* pk_population_cmd = pk_cmd->add_subcommand(
      "population", "Simulate a virtual population: percentile bands and summary distributions");
  pk_population_cmd->add_option("--input", pk_input, "Request file, or - for standard input")
      ->required();
  pk_population_cmd->add_option("--n", population_n, "Number of virtual patients")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, pk::kMaxPopulation));
  pk_population_cmd->add_option("--seed", population_seed, "Random seed (same seed, same numbers)")
      ->capture_default_str();
  pk_population_cmd->add_option("--threads", population_threads, "Worker threads")
      ->capture_default_str()
      ->check(CLI::Range(1, 256));

  app::SimulateOptions simulate;
  auto* simulate_cmd = cli.add_subcommand(
      "simulate-devices", "Stream simulated bedside-monitor vital signs to a running Plasticity");
  simulate_cmd->add_option("--to", simulate.to, "mllp://HOST:PORT or http://HOST:PORT")->required();
  simulate_cmd->add_option("--chairs", simulate.chairs,
                           "MLLP: chairs for demo patients DEMO-0001..N (without --mrns)");
  simulate_cmd->add_option("--mrns", simulate.mrns, "MLLP: the patient in each chair, by MRN")
      ->delimiter(',');
  simulate_cmd->add_option("--sessions", simulate.sessions, "HTTP: the session of each chair")
      ->delimiter(',');
  simulate_cmd->add_option("--token", simulate.token, "HTTP: a device token");
  simulate_cmd->add_option("--rate-hz", simulate.rate_hz, "Samples per chair per second")
      ->capture_default_str();
  simulate_cmd->add_option("--minutes", simulate.minutes, "How long to stream")
      ->capture_default_str();
  simulate_cmd->add_option("--seed", simulate.seed, "Random seed")->capture_default_str();

  app::OutcomeReportOptions report;
  report.definitions = serve.definitions;
  std::map<std::string, std::string> report_flags;  // the API's parameters, as flags
  for (const auto& name : server::outcome_query_parameters()) report_flags[name] = "";
  auto* report_cmd = cli.add_subcommand("report", "Reports for a scheduled job");
  report_cmd->require_subcommand(1);
  auto* outcomes_cmd = report_cmd->add_subcommand(
      "outcomes", "The clinic's outcome report (docs/outcomes.md), as the API gives it");
  outcomes_cmd->add_option("--data", report.data_dir, "Data directory: the clinic's own files")
      ->required();
  add_database_option(outcomes_cmd, report.database);
  for (auto& [name, value] : report_flags) {
    std::string flag = "--" + name;
    std::replace(flag.begin(), flag.end(), '_', '-');
    outcomes_cmd->add_option(flag, value, "as the API's " + name + " (docs/api.md)");
  }
  outcomes_cmd->add_option("--format", report.format, "json, csv or pdf")
      ->capture_default_str()
      ->check(CLI::IsMember({"json", "csv", "pdf"}));
  outcomes_cmd->add_option("--out", report.out, "File to write (default: standard output)");

  app::ResearchExportCommand research;
  research.definitions = serve.definitions;
  auto* export_cmd = cli.add_subcommand("export", "De-identified exports");
  export_cmd->require_subcommand(1);
  auto* research_cmd = export_cmd->add_subcommand(
      "research", "The de-identified research export, HIPAA Safe Harbor (docs/research.md)");
  research_cmd->add_option("--data", research.data_dir, "Data directory: the clinic's own files")
      ->required();
  add_database_option(research_cmd, research.database);
  research_cmd->add_option("--format", research.format, "ndjson, or csv (one file a table)")
      ->capture_default_str()
      ->check(CLI::IsMember({"ndjson", "csv"}));
  research_cmd->add_flag("--limited-data-set", research.limited_data_set,
                         "Add days from the first session (a Limited Data Set: needs a data use "
                         "agreement, 45 CFR 164.514(e))");
  research_cmd->add_option("--min-k", research.min_k, "Refuse below this smallest group")
      ->capture_default_str()
      ->check(CLI::Range(2, 1000));
  research_cmd->add_option("--override-reason", research.override_reason,
                           "Export below --min-k anyway, for this reason (audited)");
  research_cmd->add_option("--out", research.out,
                           "File (ndjson; default standard output) or directory (csv)");

  app::ImportCommand import;
  import.definitions = serve.definitions;
  auto* import_cmd = cli.add_subcommand(
      "import", "A clinic's history from another system, all or nothing (docs/import.md)");
  import_cmd->add_option("--data", import.data_dir, "Data directory: the clinic's own files")
      ->required();
  add_database_option(import_cmd, import.database);
  import_cmd->add_option("--as", import.as, "The admin the records are written by")->required();
  import_cmd->add_flag("--dry-run", import.dry_run, "Check everything, write nothing");
  import_cmd->add_flag("--csv", import.csv,
                       "The files are CSV: patients.csv, sessions.csv, assessments.csv");
  import_cmd->add_option("files", import.files, "FHIR Bundle or NDJSON files, or the CSV files")
      ->required()
      ->check(CLI::ExistingFile);

  app::SynthesizeCommand synthesize;
  synthesize.definitions = serve.definitions;
  auto* synthesize_cmd =
      cli.add_subcommand("synthesize",
                         "A synthetic clinic of years of history, for demos and benchmarks "
                         "(docs/synthesize.md)");
  synthesize_cmd
      ->add_option("--data", synthesize.data_dir, "Data directory: the clinic's own files")
      ->required();
  add_database_option(synthesize_cmd, synthesize.database);
  synthesize_cmd->add_option("--patients", synthesize.patients, "Patients over the years")
      ->capture_default_str()
      ->check(CLI::Range(1, 1'000'000));
  synthesize_cmd->add_option("--years", synthesize.years, "Years of history, ending now")
      ->capture_default_str()
      ->check(CLI::Range(1, 30));
  synthesize_cmd->add_option("--chairs", synthesize.chairs, "Treatment chairs")
      ->capture_default_str()
      ->check(CLI::Range(1, 200));
  synthesize_cmd
      ->add_option("--vitals-every-seconds", synthesize.vitals_every_seconds,
                   "A monitor's reading set every this many seconds")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
  synthesize_cmd->add_option("--seed", synthesize.seed, "Random seed (same seed, same clinic)")
      ->capture_default_str();

  CLI11_PARSE(cli, argc, argv);
  // A network that set PLASTICITY_DATABASE must not have a command quietly read or replace a
  // SQLite file in --data instead: backup and restore are SQLite's own (PostgreSQL has pg_dump).
  const char* database = std::getenv("PLASTICITY_DATABASE");
  if (database != nullptr && *database != '\0' && (*backup_cmd || *restore_cmd)) {
    std::cerr << "error: PLASTICITY_DATABASE is set, but `plasticity backup` and `plasticity "
                 "restore` copy a SQLite database; back PostgreSQL up with pg_dump or its "
                 "continuous archiving (docs/operations.md), or unset it to use SQLite in --data\n";
    return 2;
  }
  // Logs go to standard error; standard output carries only what a script may read (the URL).
  spdlog::set_default_logger(spdlog::stderr_color_mt("plasticity"));
  try {
    if (*serve_cmd) return app::serve(serve);
    if (*add_cmd) return app::add_user(user_store, username, role);
    if (*migrate_cmd) return app::migrate(migrate_store);
    if (*backup_cmd) return app::backup(backup_data, backup_to);
    if (*restore_cmd) return app::restore(restore_data, restore_from);
    if (*copy_cmd) return app::copy_database(copy_data, copy_to);
    if (*compact_cmd) return app::compact(compact_store);
    if (*outcomes_cmd) {
      for (const auto& [name, value] : report_flags) {
        if (!value.empty()) report.query[name] = value;
      }
      return app::report_outcomes(report);
    }
    if (*research_cmd) return app::export_research(research);
    if (*import_cmd) return app::import_history(import);
    if (*synthesize_cmd) return app::synthesize(synthesize);
    if (*pk_models_cmd) return app::pk_models();
    if (*simulate_cmd) return app::simulate_devices(simulate);
    if (*pk_simulate_cmd) return app::pk_simulate(pk_input);
    if (*pk_population_cmd) {
      return app::pk_population(pk_input, population_n, population_seed, population_threads);
    }
  } catch (const StoreError& error) {
    std::cerr << "error: " << error.what() << "\n";
    return 1;
  } catch (const std::exception& error) {
    std::cerr << "error: " << error.what() << "\n";
    return 1;
  }
  return 0;
}
