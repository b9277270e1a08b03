#include "storage/postgresql/pg_pool.h"

namespace plasticity::postgresql {

ConnectionPool::ConnectionPool(DatabaseUrl url, std::size_t size)
    : url_(std::move(url)), size_(size == 0 ? 1 : size) {}

ConnectionPool::Lease ConnectionPool::take() {
  std::unique_lock lock{mutex_};
  returned_.wait(lock, [&] { return !idle_.empty() || open_ < size_; });
  if (!idle_.empty()) {
    auto connection = std::move(idle_.back());
    idle_.pop_back();
    return Lease{*this, std::move(connection)};
  }
  ++open_;  // counted before connecting (outside the lock), so the bound holds meanwhile
  const StatementObserver* observer = observer_;
  lock.unlock();
  try {
    auto connection = std::make_unique<Connection>(url_);
    connection->observe(observer);
    return Lease{*this, std::move(connection)};
  } catch (...) {
    give_back(nullptr);
    throw;
  }
}

void ConnectionPool::give_back(std::unique_ptr<Connection> connection) {
  {
    std::lock_guard lock{mutex_};
    if (connection && !connection->lost()) {
      connection->observe(observer_);
      idle_.push_back(std::move(connection));
    } else {
      --open_;
    }
  }
  returned_.notify_one();
}

void ConnectionPool::observe(const StatementObserver* observer) {
  std::lock_guard lock{mutex_};
  observer_ = observer;
  for (auto& connection : idle_) connection->observe(observer);
}

}  // namespace plasticity::postgresql
