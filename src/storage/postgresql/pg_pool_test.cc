#include "storage/postgresql/pg_pool.h"

#include <gtest/gtest.h>

#include <future>

#include "storage/postgresql/postgresql_store.h"
#include "storage/postgresql/test_database.h"

namespace plasticity::postgresql {
namespace {

using PgPool = TestDatabase;

// Ends every other backend on the test database, as a server restart or a DBA would.
void end_other_backends(const DatabaseUrl& url) {
  Connection admin{url};
  admin.execute(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = "
      "current_database() AND pid <> pg_backend_pid()");
}

TEST_F(PgPool, NeverOpensMoreThanItsSizeAndAWaitingRequestGetsTheNextOneReturned) {
  ConnectionPool pool{url(), 2};
  std::optional<ConnectionPool::Lease> first{pool.take()};
  auto second = pool.take();
  auto third = std::async(std::launch::async, [&] { return pool.take(); });
  EXPECT_EQ(third.wait_for(std::chrono::milliseconds(200)), std::future_status::timeout);
  first.reset();
  auto lease = third.get();
  Statement st{*lease, "SELECT 1"};
  EXPECT_TRUE(st.step());
}

TEST_F(PgPool, ALostConnectionIsDroppedAndTheNextRequestGetsAFreshOne) {
  ConnectionPool pool{url(), 1};
  { pool.take(); }
  end_other_backends(url());
  {
    auto lease = pool.take();
    EXPECT_THROW(Statement(*lease, "SELECT 1").step(), ConnectionLost);
    EXPECT_TRUE(lease->lost());
  }
  auto lease = pool.take();
  Statement st{*lease, "SELECT 1"};
  EXPECT_TRUE(st.step());
}

TEST_F(PgPool, TheStoreCarriesOnAfterTheServerEndedItsConnections) {
  auto store = PostgresqlStore::open(url(), 2);
  ASSERT_TRUE(store->create_staff({0, "nurse", Role::nurse, "$argon2id$x", UtcTime{1}}));
  end_other_backends(url());
  EXPECT_TRUE(store->find_staff_by_username("nurse").has_value());
  EXPECT_TRUE(store->create_staff({0, "second", Role::nurse, "$argon2id$x", UtcTime{2}}));
  EXPECT_EQ(store->list_staff().size(), 2u);
}

}  // namespace
}  // namespace plasticity::postgresql
