// One `plasticity serve` at a time on a PostgreSQL database, for now: the schedule's conflict
// check, the alarm judge, live vital signs and the HL7 session cache are still each process's own
// (issue 20 moves them into the database), so a second server on the same database would book
// one chair twice or raise an alarm twice. The first server holds a session-level advisory lock
// on a connection of its own until it exits (or dies: PostgreSQL ends the session and its lock).
//
//   auto lock = postgresql::ServerLock::take(url);  // nullptr: another server has the database
#pragma once

#include <memory>

#include "storage/postgresql/pg_connection.h"

namespace plasticity::postgresql {

class ServerLock {
 public:
  // Nothing when another process holds it; throws StoreError when the database cannot be reached.
  static std::unique_ptr<ServerLock> take(const DatabaseUrl& url);

 private:
  explicit ServerLock(const DatabaseUrl& url) : connection_(url) {}
  Connection connection_;
};

}  // namespace plasticity::postgresql
