// The schedule's lock across every process on one PostgreSQL database (lock_schedule in
// areas/schedule_store.h): a process lock, then a session-level advisory lock taken on a
// connection kept for it alone. Not a pooled connection: a booking holds the lock while its
// check and write lease pooled ones, and a pool of busy lock holders could wait on itself.
//
//   ScheduleLocks locks{url};
//   auto held = locks.take();   // released, in the database too, when `held` is destroyed
#pragma once

#include <memory>
#include <mutex>
#include <optional>

#include "storage/areas/schedule_store.h"
#include "storage/postgresql/pg_connection.h"

namespace plasticity::postgresql {

class ScheduleLocks {
 public:
  explicit ScheduleLocks(DatabaseUrl url) : url_(std::move(url)) {}

  // Waits for the schedule (kScheduleWait at most, then throws StoreError).
  std::unique_ptr<ScheduleLock> take();

 private:
  class Held;
  Connection& connection();
  void release() noexcept;

  const DatabaseUrl url_;
  std::timed_mutex mutex_;
  // Opened on first use, and again once lost (its session, and so its lock, ended with it).
  std::unique_ptr<Connection> connection_;
};

}  // namespace plasticity::postgresql
