// `plasticity database copy`: moves a clinic's records from SQLite in DATA to an empty PostgreSQL
// database (storage/postgresql/clinic_copy.h), both first migrated to this release's schema, with
// progress on standard error and, as the last line on standard output, each table's rows and
// checksum as JSON.
#include <chrono>
#include <iostream>
#include <nlohmann/json.hpp>

#include "app/clinic_loading.h"
#include "app/commands.h"
#include "storage/postgresql/clinic_copy.h"

namespace plasticity::app {
namespace {

// A line a second at most, and one as each table ends.
postgresql::CopyProgress progress_lines() {
  return [reported = std::chrono::steady_clock::time_point{}](
             const std::string& table, std::int64_t rows, std::int64_t of) mutable {
    const auto now = std::chrono::steady_clock::now();
    if (rows < of && now - reported < std::chrono::seconds(1)) return;
    reported = now;
    std::cerr << "copying " << table << ": " << rows << " of " << of << " rows\n";
  };
}

}  // namespace

int copy_database(const std::filesystem::path& data_dir, const std::string& to) {
  const auto url = database_url(to);
  if (!url) return 2;
  const std::filesystem::path file = data_dir / kDatabaseFile;
  if (!std::filesystem::is_regular_file(file)) {
    std::cerr << "error: --data: no clinic database at " << file.string() << "\n";
    return 2;
  }
  open_store(data_dir);         // SQLite at this release's schema,
  open_postgresql_store(*url);  // and PostgreSQL too, before a row moves
  std::cerr << "copying " << file.string() << " to " << url->redacted() << "\n";
  try {
    nlohmann::ordered_json tables = nlohmann::ordered_json::object();
    std::int64_t rows = 0;
    for (const auto& table : postgresql::copy_clinic(file, *url, progress_lines())) {
      tables[table.table] = {{"rows", table.rows}, {"checksum", table.checksum}};
      rows += table.rows;
    }
    std::cerr << "copied " << rows << " rows of " << tables.size()
              << " tables; every table's count and checksum match\n";
    std::cout << nlohmann::ordered_json{{"rows", rows}, {"tables", tables}}.dump() << "\n";
    return 0;
  } catch (const postgresql::CopyRefused& refused) {
    std::cerr << "error: " << refused.what() << "\n";
    return 1;
  }
}

}  // namespace plasticity::app
