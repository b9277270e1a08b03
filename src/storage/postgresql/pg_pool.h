// A bounded pool of connections to one database, shared by a process's request threads: each
// connection is opened when first needed and dropped once lost (a restarted server, an ended
// backend, a cut network), so the next request gets a fresh one, with a fresh cache of prepared
// statements. At most `size` are open; a request finding all in use waits for one.
//
//   ConnectionPool pool{url, 8};
//   auto lease = pool.take();   // back in the pool (unless lost) when the lease ends
//   Statement st{*lease, "SELECT 1"};
#pragma once

#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "storage/postgresql/pg_connection.h"

namespace plasticity::postgresql {

class ConnectionPool {
 public:
  ConnectionPool(DatabaseUrl url, std::size_t size);

  class Lease {
   public:
    Lease(ConnectionPool& pool, std::unique_ptr<Connection> connection)
        : pool_(&pool), connection_(std::move(connection)) {}
    Lease(Lease&& other) noexcept
        : pool_(std::exchange(other.pool_, nullptr)), connection_(std::move(other.connection_)) {}
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (pool_ != nullptr) pool_->give_back(std::move(connection_));
    }
    Connection& operator*() const { return *connection_; }
    Connection* operator->() const { return connection_.get(); }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<Connection> connection_;
  };

  // An open connection, waiting while all are in use; throws StoreError if a new one cannot
  // be opened.
  Lease take();
  // Every statement the pool's connections run from now on to `observer` (see
  // Connection::observe); connections leased meanwhile are told when they come back.
  void observe(const StatementObserver* observer);

 private:
  void give_back(std::unique_ptr<Connection> connection);

  const DatabaseUrl url_;
  const std::size_t size_;
  std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<Connection>> idle_;
  std::size_t open_ = 0;  // idle and leased
  const StatementObserver* observer_ = nullptr;
};

}  // namespace plasticity::postgresql
