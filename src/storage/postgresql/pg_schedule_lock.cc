#include "storage/postgresql/pg_schedule_lock.h"

#include "storage/process_schedule_lock.h"

namespace plasticity::postgresql {
namespace {

// "PLSC" in ASCII; the migrations take "PLAS", the servers' duties "PLJ" and the duty.
constexpr std::int64_t kScheduleLock = 0x504C5343;

}  // namespace

class ScheduleLocks::Held final : public ProcessScheduleLock {
 public:
  explicit Held(ScheduleLocks& locks) : ProcessScheduleLock(locks.mutex_), locks_(locks) {
    // A connection that sat idle may have been lost unnoticed (a restarted server): one more try
    // on a fresh one, as the pool does.
    for (int attempt = 1;; ++attempt) {
      try {
        Statement taken{locks_.connection(), "SELECT pg_advisory_lock(?)"};
        taken.bind(1, kScheduleLock);
        taken.step();
        return;
      } catch (const ConnectionLost&) {
        if (attempt == 2) throw;
      }
    }
  }
  ~Held() override { locks_.release(); }

 private:
  ScheduleLocks& locks_;
};

std::unique_ptr<ScheduleLock> ScheduleLocks::take() { return std::make_unique<Held>(*this); }

Connection& ScheduleLocks::connection() {
  if (connection_ == nullptr || connection_->lost()) {
    // The statement timeout bounds the wait for another process's booking.
    connection_ = std::make_unique<Connection>(url_, kScheduleWait);
  }
  return *connection_;
}

void ScheduleLocks::release() noexcept {
  if (connection_ == nullptr) return;
  try {
    Statement released{*connection_, "SELECT pg_advisory_unlock(?)"};
    released.bind(1, kScheduleLock);
    released.step();
  } catch (...) {
    // Closing the connection ends its session, which releases the lock all the same.
    connection_.reset();
  }
}

}  // namespace plasticity::postgresql
