#include "storage/sqlite/backup.h"

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "storage/sqlite/sqlite_connection.h"

namespace plasticity::sqlite {
namespace {

std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// Reports the target's size once a second while a copy runs (the backup API copies in one step
// so the copy is one snapshot; the file grows as it goes).
class ProgressWatch {
 public:
  ProgressWatch(const std::filesystem::path& target, std::uintmax_t total,
                const CopyProgress& progress) {
    if (!progress) return;
    thread_ = std::jthread([this, target, total, progress](std::stop_token stop) {
      std::unique_lock lock(mutex_);
      for (;;) {
        wake_.wait_for(lock, stop, std::chrono::seconds(1), [] { return false; });
        if (stop.stop_requested()) return;
        std::error_code ignored;
        const auto written = std::filesystem::file_size(target, ignored);
        progress(ignored ? 0 : written, total);
      }
    });
  }

 private:
  std::mutex mutex_;
  std::condition_variable_any wake_;
  std::jthread thread_;
};

// Copies `from` into the new file `to` as one snapshot.
void copy_database(Connection& from, const std::filesystem::path& to, std::uintmax_t total,
                   const CopyProgress& progress) {
  Connection copy{to};
  ProgressWatch watch{to, total, progress};
  sqlite3_backup* backup = sqlite3_backup_init(copy.handle(), "main", from.handle(), "main");
  if (!backup) {
    throw StoreError("cannot start the copy: " + std::string(sqlite3_errmsg(copy.handle())));
  }
  const int rc = sqlite3_backup_step(backup, -1);  // all pages in one step: one snapshot
  sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) throw StoreError("the copy failed: " + std::string(sqlite3_errstr(rc)));
}

std::uintmax_t database_bytes(Connection& db) {
  Statement st{db, "SELECT page_count * page_size FROM pragma_page_count, pragma_page_size"};
  st.step();
  return static_cast<std::uintmax_t>(st.integer(0));
}

// A rename is durable once the directory that holds it is synced.
void sync_directory(const std::filesystem::path& directory) {
  const int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) throw StoreError("cannot open " + directory.string() + " to sync it");
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) throw StoreError("cannot sync " + directory.string());
}

}  // namespace

void backup_database(const std::filesystem::path& database, const std::filesystem::path& target,
                     const CopyProgress& progress) {
  if (!std::filesystem::exists(database)) {
    throw StoreError("no database at " + database.string());
  }
  if (std::filesystem::exists(target)) {
    throw StoreError("backup target " + target.string() + " already exists; choose a new file");
  }
  Connection source{database};
  copy_database(source, target, database_bytes(source), progress);
}

std::int64_t check_backup(const std::filesystem::path& file, std::int64_t known_version) {
  if (!std::filesystem::is_regular_file(file))
    throw StoreError("no backup file at " + file.string());
  try {
    Connection db{file};
    Statement integrity{db, "PRAGMA integrity_check(1)"};
    integrity.step();
    if (integrity.text(0) != "ok") {
      throw StoreError(file.string() + " is damaged: " + integrity.text(0));
    }
    Statement migrations{db, "SELECT count(*) FROM sqlite_master WHERE name = 'schema_migrations'"};
    migrations.step();
    if (migrations.integer(0) == 0) {
      throw StoreError(file.string() + " is a database, but not a Plasticity one");
    }
    Statement version{db, "SELECT coalesce(max(version), 0) FROM schema_migrations"};
    version.step();
    const std::int64_t found = version.integer(0);
    if (found > known_version) {
      throw StoreError(file.string() + " has schema version " + std::to_string(found) +
                       ", newer than this Plasticity knows (" + std::to_string(known_version) +
                       "): restore it with the release that wrote it");
    }
    return found;
  } catch (const StoreError& error) {
    const std::string message = error.what();
    if (message.find(file.string()) != std::string::npos) throw;
    throw StoreError(file.string() + " cannot be read as a database: " + message);
  }
}

std::filesystem::path restore_database(const std::filesystem::path& backup,
                                       const std::filesystem::path& database,
                                       std::int64_t known_version, const CopyProgress& progress) {
  check_backup(backup, known_version);
  std::filesystem::path kept;
  if (std::filesystem::exists(database)) {
    // Leaving WAL mode needs the only connection: a running server makes this fail, and then
    // nothing has changed. Leaving it also folds the WAL into the file, so the file is whole.
    Connection current{database};
    sqlite3_busy_timeout(current.handle(), 0);
    try {
      Statement mode{current, "PRAGMA journal_mode = DELETE"};
      mode.step();
      if (mode.text(0) != "delete") throw StoreError("journal mode stayed " + mode.text(0));
    } catch (const StoreError& error) {
      throw StoreError(database.string() + " is in use (is a server running on it? stop it " +
                       "first): " + error.what());
    }
  }
  const std::filesystem::path incoming = database.string() + ".restoring";
  std::filesystem::remove(incoming);
  {
    Connection source{backup};
    copy_database(source, incoming, database_bytes(source), progress);
  }
  if (std::filesystem::exists(database)) {
    kept = database.string() + ".before-restore-" + std::to_string(now_ms());
    std::filesystem::rename(database, kept);
  }
  std::filesystem::rename(incoming, database);
  sync_directory(database.parent_path().empty() ? "." : database.parent_path());
  return kept;
}

}  // namespace plasticity::sqlite
