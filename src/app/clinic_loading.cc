#include "app/clinic_loading.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <fstream>
#include <iostream>

#include "interop/planning_json.h"

namespace plasticity::app {

DefinitionDirs DefinitionDirs::beside(const std::filesystem::path& program_dir) {
  return {program_dir / "instruments", program_dir / "protocols", program_dir / "eligibility",
          program_dir / "scheduling", program_dir / "outcomes"};
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw std::runtime_error("cannot be read");
  return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

namespace {
// On standard error, where every command's progress goes (a command's result is on standard
// output): a pending migration of a large clinic can take minutes.
void report_migration(const Migration& migration, MigrationStage stage,
                      const MigrationProgress& progress) {
  const std::string name =
      "migration " + std::to_string(migration.version) + " (" + std::string(migration.name) + ")";
  const auto ms = progress.elapsed.count();
  const std::string seconds =
      std::to_string(ms / 1000) + "." + std::to_string(ms % 1000 / 100) + " s";
  switch (stage) {
    case MigrationStage::started:
      std::cerr << "applying " << name << "\n";
      break;
    case MigrationStage::running:
      std::cerr << "still applying " << name << ": " << seconds
                << " so far (stopping now loses nothing; the next start applies it again)\n";
      break;
    case MigrationStage::applied:
      std::cerr << "applied " << name << " in " << seconds << "\n";
      break;
    case MigrationStage::moving:
      std::cerr << name << ": moved " << progress.moved << " of " << progress.to_move
                << " records to the new layout in " << seconds
                << (progress.moved < progress.to_move
                        ? " (stopping now loses nothing; the next start goes on from here)"
                        : "")
                << "\n";
      break;
  }
}
}  // namespace

std::unique_ptr<SqliteStore> open_store(const std::filesystem::path& data_dir) {
  std::filesystem::create_directories(data_dir);
  return SqliteStore::open(data_dir / kDatabaseFile, sqlite::sqlite_migrations(), report_migration);
}

std::unique_ptr<PostgresqlStore> open_postgresql_store(const postgresql::DatabaseUrl& url,
                                                       std::size_t connections) {
  return PostgresqlStore::open(url, connections, report_migration);
}

std::optional<postgresql::DatabaseUrl> database_url(const std::string& text) {
  auto parsed = postgresql::parse_database_url(text);
  if (!parsed.url) std::cerr << "error: " << parsed.error << "\n";
  return parsed.url;
}

std::unique_ptr<Store> open_records(const StoreLocation& where) {
  if (!where.database.empty()) {
    const auto url = database_url(where.database);
    if (!url) return nullptr;
    return open_postgresql_store(*url);
  }
  if (where.data_dir.empty()) {
    std::cerr << "error: give --data DIR (SQLite) or --database postgresql://USER@HOST/DBNAME "
                 "(PostgreSQL, or PLASTICITY_DATABASE)\n";
    return nullptr;
  }
  return open_store(where.data_dir);
}

LoadedClinic load_clinic(const DefinitionDirs& dirs, const std::filesystem::path& data_dir,
                         Store& store, const std::string& crisis_text) {
  LoadedClinic clinic;
  // Shipped definitions first; a clinic's file with the same id (licensed text, its own cut-offs)
  // replaces one.
  clinic.instruments = load_instrument_catalog({dirs.instruments, data_dir / "instruments"});
  spdlog::info("{} instruments loaded", clinic.instruments.all().size());
  clinic.protocols = load_protocol_catalog({dirs.protocols, data_dir / "protocols"});
  spdlog::info("{} protocols loaded", clinic.protocols.all().size());
  clinic.settings.screening_rules =
      load_screening_rules({dirs.eligibility, data_dir / "eligibility"}, clinic.protocols);
  clinic.settings.schedule =
      load_clinic_schedule({dirs.scheduling, data_dir / "scheduling"}, clinic.protocols);
  if (!crisis_text.empty()) clinic.settings.crisis_text = crisis_text;
  // What an admin changed in the browser outlasts the files it started from.
  for (const auto& warning : apply_stored_settings(clinic.settings, store.clinic_settings())) {
    spdlog::warn("{}", warning);
  }
  spdlog::info("{} screening rules loaded; clinic time zone {}",
               clinic.settings.screening_rules.size(), clinic.settings.schedule.time_zone_name);
  clinic.published = load_published_outcomes({dirs.outcomes, data_dir / "outcomes"});
  clinic.forecast_evidence = load_forecast_evidence({dirs.outcomes, data_dir / "outcomes"});
  return clinic;
}

}  // namespace plasticity::app
