#include "storage/postgresql/pg_server_lock.h"

namespace plasticity::postgresql {
namespace {

// "PLSV" in ASCII; the migrations take "PLAS" (pg_migrations.cc).
constexpr std::int64_t kServerLock = 0x504C5356;

}  // namespace

std::unique_ptr<ServerLock> ServerLock::take(const DatabaseUrl& url) {
  std::unique_ptr<ServerLock> lock{new ServerLock(url)};
  Statement taken{lock->connection_, "SELECT pg_try_advisory_lock(?)"};
  taken.bind(1, kServerLock);
  if (!taken.step() || taken.text(0) != "t") return nullptr;
  return lock;
}

}  // namespace plasticity::postgresql
