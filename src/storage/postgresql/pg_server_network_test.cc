#include "storage/postgresql/pg_server_network.h"

#include <gtest/gtest.h>

#include <condition_variable>

#include "storage/postgresql/test_database.h"

namespace plasticity::postgresql {
namespace {

using PgServerNetwork = TestDatabase;
using namespace std::chrono_literals;

// What one server heard, in order, waited for with a deadline.
class Heard {
 public:
  std::function<void(const Announcement&)> listener() {
    return [this](const Announcement& announcement) {
      std::lock_guard lock{mutex_};
      heard_.push_back(announcement);
      arrived_.notify_all();
    };
  }
  // The first `count` announcements, or what arrived before the deadline.
  std::vector<Announcement> first(std::size_t count, std::chrono::milliseconds deadline = 10s) {
    std::unique_lock lock{mutex_};
    arrived_.wait_for(lock, deadline, [&] { return heard_.size() >= count; });
    return heard_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable arrived_;
  std::vector<Announcement> heard_;
};

// Waits until the listener's LISTEN is in place (pg_stat_activity shows its query).
void wait_until_listening(const DatabaseUrl& url) {
  Connection probe{url};
  for (int tries = 0; tries < 200; ++tries) {
    Statement listening{probe,
                        "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'LISTEN%' "
                        "AND datname = current_database()"};
    listening.step();
    if (listening.integer(0) > 0) return;
    std::this_thread::sleep_for(25ms);
  }
  FAIL() << "the listener never listened";
}

// True once `holds` is, asking again for a few seconds (the answer may be cached for one).
bool eventually(const std::function<bool()>& holds) {
  for (int tries = 0; tries < 50; ++tries) {
    if (holds()) return true;
    std::this_thread::sleep_for(200ms);
  }
  return false;
}

TEST_F(PgServerNetwork, AnotherServerHearsEveryAnnouncementInOrderAndTheSenderNone) {
  Network sender{url()};
  Network other{url()};
  Heard by_sender;
  Heard by_other;
  sender.listen(by_sender.listener());
  other.listen(by_other.listener());
  wait_until_listening(url());
  // More than one payload holds, one of them as long as an announcement may be.
  const std::string longest(kMaxAnnouncementBytes - 6, 'v');
  sender.announce("vitals", longest);
  for (int i = 0; i < 50; ++i) sender.announce("session.changed", "session-" + std::to_string(i));
  sender.announce("patients", "");
  const auto heard = by_other.first(52);
  ASSERT_EQ(heard.size(), 52u);
  EXPECT_EQ(heard[0].topic, "vitals");
  EXPECT_EQ(heard[0].message, longest);
  for (int i = 0; i < 50; ++i) EXPECT_EQ(heard[1 + i].message, "session-" + std::to_string(i));
  EXPECT_EQ(heard[51].topic, "patients");
  EXPECT_EQ(heard[51].message, "");
  // It arrived at the other server, and would have reached the sender as soon.
  EXPECT_TRUE(by_sender.first(1, 500ms).empty());
}

TEST_F(PgServerNetwork, AnAnnouncementTooLongOrWithoutATopicIsRefused) {
  Network network{url()};
  EXPECT_THROW(network.announce("vitals", std::string(kMaxAnnouncementBytes, 'v')), StoreError);
  EXPECT_THROW(network.announce("", "x"), StoreError);
  EXPECT_THROW(network.announce("a\tb", "x"), StoreError);
}

TEST_F(PgServerNetwork, AListenerCutOffReconnectsAndHearsAResync) {
  Network sender{url()};
  Network other{url()};
  Heard heard;
  other.listen(heard.listener());
  wait_until_listening(url());
  Connection admin{url()};
  admin.execute(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN%' AND "
      "datname = current_database()");
  const auto resync = heard.first(1);
  ASSERT_EQ(resync.size(), 1u);
  EXPECT_EQ(resync[0].topic, kResyncTopic);
  wait_until_listening(url());
  sender.announce("patients", "after");
  const auto after = heard.first(2);
  ASSERT_EQ(after.size(), 2u);
  EXPECT_EQ(after[1].message, "after");
}

TEST_F(PgServerNetwork, ADutyIsOneServersUntilItLetsGoOrDies) {
  auto first = std::make_unique<Network>(url());
  Network second{url()};
  EXPECT_TRUE(first->claim(Duty::judge_session, "s1"));
  EXPECT_TRUE(first->claim(Duty::judge_session, "s1"));
  EXPECT_FALSE(second.claim(Duty::judge_session, "s1"));
  EXPECT_TRUE(second.claim(Duty::judge_session, "s2"));
  // Another duty of the same id is another lock.
  EXPECT_TRUE(second.claim(Duty::deliver_outbox, "s1"));

  first->release_all_but(Duty::judge_session, {"s3"});
  EXPECT_FALSE(second.claim(Duty::judge_session, "s1"));  // not asked again within a second
  std::this_thread::sleep_for(1100ms);
  EXPECT_TRUE(second.claim(Duty::judge_session, "s1"));
  EXPECT_FALSE(first->claim(Duty::judge_session, "s1"));

  EXPECT_TRUE(first->claim(Duty::judge_session, "s4"));
  first.reset();  // a server that dies: its connection closes, its backend ends soon after
  EXPECT_TRUE(eventually([&] { return second.claim(Duty::judge_session, "s4"); }));
}

TEST_F(PgServerNetwork, AServerWhoseDutiesConnectionWasCutNoLongerThinksItHasThem) {
  Network first{url()};
  Network second{url()};
  ASSERT_TRUE(first.claim(Duty::judge_session, "s1"));
  Connection admin{url()};
  admin.execute(
      "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND "
      "granted");
  ASSERT_TRUE(second.claim(Duty::judge_session, "s1"));
  std::this_thread::sleep_for(1100ms);  // the connection is checked once a second
  EXPECT_FALSE(first.claim(Duty::judge_session, "s1"));
}

}  // namespace
}  // namespace plasticity::postgresql
