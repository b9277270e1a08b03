// The storage engine's ceiling on this machine, for the ingest benchmark to compare against: raw
// SQLite inserts into the vital_readings table of the real schema, with the same durability
// (WAL, synchronous=FULL: every commit fsync'd), in transactions of the given sizes.
//   sqlite_ceiling [seconds per size, default 3] [sizes..., default 1 500]
// Prints rows/s and commits/s for each transaction size.
#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "storage/sqlite/sqlite_store.h"

namespace {

void check(int rc, sqlite3* db, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
    std::fprintf(stderr, "%s: %s\n", what, sqlite3_errmsg(db));
    std::exit(1);
  }
}

}  // namespace

int main(int argc, char** argv) {
  const double seconds = argc > 1 ? std::atof(argv[1]) : 3.0;
  std::vector<int> sizes;
  for (int i = 2; i < argc; ++i) sizes.push_back(std::atoi(argv[i]));
  if (sizes.empty()) sizes = {1, 500};
  const auto dir =
      std::filesystem::temp_directory_path() / ("plasticity-ceiling-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto file = dir / "ceiling.db";
  {
    // The real schema, made by the real migrations; one session row for the foreign key.
    auto store = plasticity::SqliteStore::open(file);
  }
  sqlite3* db = nullptr;
  check(sqlite3_open(file.c_str(), &db), db, "open");
  check(sqlite3_exec(db,
                     "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=OFF; "
                     "INSERT INTO staff (username, role, password_hash, created_at) VALUES "
                     "('b','nurse','x',0);",
                     nullptr, nullptr, nullptr),
        db, "setup");
  sqlite3_stmt* insert = nullptr;
  check(sqlite3_prepare_v2(db,
                           "INSERT INTO vital_readings (device_id, kind, measured_at, session_id, "
                           "value, received_at) VALUES ('dev', 'hr', ?, 's', 70, 0)",
                           -1, &insert, nullptr),
        db, "prepare");
  std::printf("%-34s %12s %12s\n", "raw SQLite (WAL, synchronous=FULL)", "rows/s", "commits/s");
  std::int64_t t = 0;
  for (int size : sizes) {
    const auto start = std::chrono::steady_clock::now();
    std::int64_t rows = 0, commits = 0;
    while (std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() <
           seconds) {
      check(sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), db, "begin");
      for (int i = 0; i < size; ++i) {
        sqlite3_bind_int64(insert, 1, ++t);
        check(sqlite3_step(insert), db, "insert");
        sqlite3_reset(insert);
      }
      check(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), db, "commit");
      rows += size;
      ++commits;
    }
    const double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("%-34s %12.0f %12.0f\n", ("  " + std::to_string(size) + " rows per commit").c_str(),
                rows / elapsed, commits / elapsed);
  }
  sqlite3_finalize(insert);
  sqlite3_close(db);
  std::filesystem::remove_all(dir);
  return 0;
}
