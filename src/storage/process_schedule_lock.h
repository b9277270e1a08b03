// The schedule's lock within one process (areas/schedule_store.h, lock_schedule): all it takes
// where one process owns the schedule (SQLite), and the first half of PostgreSQL's
// (postgresql/pg_schedule_lock.h), which then takes the database's for the other processes.
#pragma once

#include <chrono>
#include <mutex>

#include "storage/areas/common.h"
#include "storage/areas/schedule_store.h"

namespace plasticity {

// A booking holds the schedule for milliseconds; a caller still waiting after this long meets a
// stuck one, and gets an error rather than a request thread held indefinitely.
inline constexpr std::chrono::seconds kScheduleWait{10};

class ProcessScheduleLock : public ScheduleLock {
 public:
  explicit ProcessScheduleLock(std::timed_mutex& mutex) : held_(mutex, std::defer_lock) {
    if (!held_.try_lock_for(kScheduleWait)) {
      throw StoreError("the schedule stayed locked by another booking for too long");
    }
  }

 private:
  std::unique_lock<std::timed_mutex> held_;
};

}  // namespace plasticity
