#include "storage/postgresql/pg_server_network.h"

#include <poll.h>
#include <sodium.h>
#include <spdlog/spdlog.h>

#include <cerrno>
#include <charconv>

namespace plasticity::postgresql {
namespace {

constexpr const char* kChannel = "plasticity";
// PostgreSQL refuses a NOTIFY payload of 8,000 bytes or more.
constexpr std::size_t kPayloadBytes = 7'900;
// Announcements waiting to be sent, at most: beyond this (the database unreachable for long) new
// ones are dropped; the listeners, cut off too, resync when they reconnect.
constexpr std::size_t kQueueLimit = 100'000;
constexpr auto kPollEvery = std::chrono::milliseconds(250);
constexpr auto kReconnectAfter = std::chrono::seconds(1);
constexpr auto kDutiesCheckedEvery = std::chrono::seconds(1);
// How long a duty found another server's is taken to stay so; one whose server died moves within
// about this long.
constexpr auto kAskedAgainAfter = std::chrono::seconds(1);
// "PLJ" in ASCII, then the duty: the first key of its advisory locks.
constexpr std::int64_t kDutyLockClass = 0x504C4A00;

// The listener and the duties' connection sit idle for long: TCP keepalives find a connection
// that died unseen (a cut network, a crashed host) within about 25 s instead of the system's two
// hours, so the listener resyncs and the duties are claimed again.
DatabaseUrl with_keepalives(DatabaseUrl url) {
  url.options.insert(url.options.end(), {{"keepalives", "1"},
                                         {"keepalives_idle", "10"},
                                         {"keepalives_interval", "5"},
                                         {"keepalives_count", "3"}});
  return url;
}

std::string random_origin() {
  if (sodium_init() < 0) throw StoreError("libsodium could not start");
  unsigned char bytes[8];
  randombytes_buf(bytes, sizeof bytes);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string text;
  for (unsigned char byte : bytes) {
    text += kHex[byte >> 4];
    text += kHex[byte & 0xF];
  }
  return text;
}

// One announcement in a payload: "<topic>\t<bytes of message>\t<message>".
std::string entry(const Announcement& announcement) {
  return announcement.topic + '\t' + std::to_string(announcement.message.size()) + '\t' +
         announcement.message;
}

// The payloads that carry `round`, in order, each within kPayloadBytes.
std::vector<std::string> payloads(const std::string& origin,
                                  const std::vector<Announcement>& round) {
  std::vector<std::string> packed;
  for (const Announcement& announcement : round) {
    std::string next = entry(announcement);
    if (packed.empty() || packed.back().size() + next.size() > kPayloadBytes) {
      packed.push_back(origin + '\n');
    }
    packed.back() += next;
  }
  return packed;
}

}  // namespace

Network::Network(DatabaseUrl url)
    : url_(std::move(url)), idle_url_(with_keepalives(url_)), origin_(random_origin()) {
  sender_thread_ = std::jthread([this](std::stop_token stop) { send_queued(stop); });
}

Network::~Network() {
  listen({});
  sender_thread_.request_stop();
  queued_.notify_all();
}

void Network::announce(const std::string& topic, const std::string& message) {
  check_announcement({topic, message});
  std::lock_guard lock{queue_mutex_};
  if (queue_.size() >= kQueueLimit) {
    if (!overflowing_)
      spdlog::error("other servers are not being told of changes: {} waiting", queue_.size());
    overflowing_ = true;
    return;
  }
  queue_.push_back({topic, message});
  queued_.notify_one();
}

void Network::send_queued(std::stop_token stop) {
  for (;;) {
    std::vector<Announcement> round;
    {
      std::unique_lock lock{queue_mutex_};
      queued_.wait(lock, stop, [&] { return !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything was sent
      round.swap(queue_);
      overflowing_ = false;
    }
    send(round);
  }
}

// One transaction, so the round's payloads arrive together and in order. A connection lost since
// the last round is replaced once; a round that still cannot go is dropped (the listeners are
// probably cut off too and will resync).
void Network::send(const std::vector<Announcement>& round) {
  for (int attempt = 1;; ++attempt) {
    try {
      if (!sender_ || sender_->lost()) sender_ = std::make_unique<Connection>(url_);
      Transaction transaction{*sender_};
      for (const std::string& payload : payloads(origin_, round)) {
        Statement notify{*sender_, "SELECT pg_notify(?, ?)"};
        notify.bind(1, std::string(kChannel));
        notify.bind(2, payload);
        notify.step();
      }
      transaction.commit();
      return;
    } catch (const ConnectionLost&) {
      sender_.reset();
      if (attempt == 2) break;
    } catch (const std::exception& failure) {
      spdlog::error("announcing to other servers failed: {}", failure.what());
      return;
    }
  }
  spdlog::error("{} announcements to other servers dropped: the database cannot be reached",
                round.size());
}

void Network::listen(std::function<void(const Announcement&)> heard) {
  if (listener_thread_.joinable()) {
    listener_thread_.request_stop();
    listener_thread_.join();
  }
  heard_ = std::move(heard);
  if (heard_) listener_thread_ = std::jthread([this](std::stop_token stop) { hear(stop); });
}

void Network::hear(std::stop_token stop) {
  bool connected_before = false;
  while (!stop.stop_requested()) {
    try {
      Connection listening{idle_url_};
      listening.execute(std::string("LISTEN ") + kChannel);
      if (connected_before) heard_({kResyncTopic, ""});
      connected_before = true;
      PGconn* handle = listening.handle();
      while (!stop.stop_requested()) {
        pollfd ready{PQsocket(handle), POLLIN, 0};
        if (poll(&ready, 1, static_cast<int>(kPollEvery.count())) < 0 && errno != EINTR) {
          throw StoreError("waiting for announcements: poll failed");
        }
        if (PQconsumeInput(handle) == 0) {
          throw ConnectionLost(std::string("hearing announcements: ") + PQerrorMessage(handle));
        }
        while (PGnotify* notice = PQnotifies(handle)) {
          const std::string payload = notice->extra;
          PQfreemem(notice);
          hear_payload(payload);
        }
      }
    } catch (const std::exception& failure) {
      spdlog::error("not hearing other servers ({}); trying again", failure.what());
      std::mutex pause;
      std::unique_lock lock{pause};
      std::condition_variable_any().wait_for(lock, stop, kReconnectAfter, [] { return false; });
    }
  }
}

void Network::hear_payload(std::string_view payload) {
  const auto origin_end = payload.find('\n');
  if (origin_end == std::string_view::npos || payload.substr(0, origin_end) == origin_) return;
  std::string_view rest = payload.substr(origin_end + 1);
  while (!rest.empty()) {
    const auto topic_end = rest.find('\t');
    const auto size_end = rest.find('\t', topic_end + 1);
    std::size_t size = 0;
    if (topic_end == std::string_view::npos || size_end == std::string_view::npos ||
        std::from_chars(rest.data() + topic_end + 1, rest.data() + size_end, size).ec !=
            std::errc{} ||
        rest.size() - size_end - 1 < size) {
      spdlog::error("an announcement from another server could not be read; resyncing");
      heard_({kResyncTopic, ""});
      return;
    }
    heard_({std::string(rest.substr(0, topic_end)), std::string(rest.substr(size_end + 1, size))});
    rest.remove_prefix(size_end + 1 + size);
  }
}

bool Network::claim(Duty duty, const std::string& id) {
  std::lock_guard lock{duties_mutex_};
  auto& held = held_[duty];
  try {
    Connection* connection = duties_connection();
    if (held.contains(id)) return true;
    // Another server's: asked again after a while, not at every reading it stores.
    auto& elsewhere = elsewhere_[duty];
    const auto now = std::chrono::steady_clock::now();
    if (const auto asked = elsewhere.find(id);
        asked != elsewhere.end() && now - asked->second < kAskedAgainAfter) {
      return false;
    }
    Statement taken{
        *connection,
        "SELECT CAST(pg_try_advisory_lock(CAST(? AS integer), hashtext(?)) AS integer)"};
    taken.bind(1, kDutyLockClass + static_cast<std::int64_t>(duty));
    taken.bind(2, id);
    taken.step();
    if (taken.integer(0) == 0) {
      elsewhere[id] = now;
      return false;
    }
    elsewhere.erase(id);
    held.insert(id);
    return true;
  } catch (const ConnectionLost& lost) {
    spdlog::error("the duties' connection was lost ({}); claiming them again", lost.what());
    lose_duties();
  } catch (const std::exception& failure) {
    spdlog::error("claiming a duty failed: {}", failure.what());
  }
  return false;
}

void Network::release_all_but(Duty duty, const std::set<std::string>& kept) {
  std::lock_guard lock{duties_mutex_};
  std::erase_if(elsewhere_[duty], [&](const auto& asked) { return !kept.contains(asked.first); });
  auto& held = held_[duty];
  for (auto it = held.begin(); it != held.end();) {
    if (kept.contains(*it)) {
      ++it;
      continue;
    }
    try {
      Statement released{*duties_, "SELECT pg_advisory_unlock(CAST(? AS integer), hashtext(?))"};
      released.bind(1, kDutyLockClass + static_cast<std::int64_t>(duty));
      released.bind(2, *it);
      released.step();
      it = held.erase(it);
    } catch (const std::exception& failure) {
      // Closing the connection ends its session, which lets go of every duty all the same.
      spdlog::error("letting go of a duty failed ({}); letting go of all", failure.what());
      lose_duties();
      return;
    }
  }
}

Connection* Network::duties_connection() {
  const auto now = std::chrono::steady_clock::now();
  if (duties_ && now - duties_checked_ >= kDutiesCheckedEvery) {
    duties_checked_ = now;
    duties_->execute("SELECT 1");  // throws ConnectionLost when the locks are gone
  }
  if (!duties_) {
    duties_ = std::make_unique<Connection>(idle_url_, std::chrono::seconds(5));
    duties_checked_ = now;
  }
  return duties_.get();
}

void Network::lose_duties() {
  duties_.reset();
  held_.clear();
}

}  // namespace plasticity::postgresql
