#include "app/commands.h"

#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <termios.h>
#include <unistd.h>

#include <chrono>
#include <iostream>
#include <thread>

#include "app/clinic_loading.h"
#include "app/demo_clinic.h"
#include "interop/instrument_json.h"
#include "interop/protocol_json.h"
#include "server/api.h"
#include "server/hl7/hl7_ingest.h"
#include "server/hl7/mllp_listener.h"
#include "server/http/credentials.h"
#include "server/http/http_server.h"
#include "server/http/problem.h"
#include "storage/sqlite/backup.h"
#include "storage/sqlite/sqlite_store.h"

namespace plasticity::app {

// MLLP threads only frame, parse and answer: no thread waits for a message's commit (the ACK
// is written when the vital-sign writer says it is on disk), so two keep up with many senders.
constexpr int kMllpThreads = 2;

// MLLP connections open at once: monitors and gateways, a few per chair.
constexpr std::size_t kMaxMllpConnections = 256;
// HL7 vital-sign messages are a few hundred bytes; a gateway's batch a few KiB. With the
// connection cap this bounds what unfinished frames can hold: 256 × 64 KiB = 16 MiB.
constexpr std::size_t kMaxMllpMessageBytes = 64 * 1024;
// Open files kept for the database (file, WAL, shared memory, backups), logs and definitions.
constexpr std::size_t kReservedFiles = 64;

// Chairs the demo fills when it also listens for HL7 (scripts/run feeds them with
// simulate-devices).
constexpr int kDemoChairs = 3;
namespace {

std::string read_password() {
  const bool terminal = isatty(STDIN_FILENO);
  termios saved{};
  if (terminal) {
    std::cerr << "Password: " << std::flush;
    tcgetattr(STDIN_FILENO, &saved);
    termios hidden = saved;
    hidden.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &hidden);
  }
  std::string password;
  std::getline(std::cin, password);
  if (terminal) {
    tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    std::cerr << "\n";
  }
  if (!password.empty() && password.back() == '\r') password.pop_back();
  return password;
}

// "host:port" → (host, port); the port may be 0 (any free one).
std::optional<std::pair<std::string, unsigned short>> parse_listen(const std::string& listen) {
  const std::size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) return std::nullopt;
  const std::string port = listen.substr(colon + 1);
  if (port.empty() || port.size() > 5 ||
      port.find_first_not_of("0123456789") != std::string::npos || std::stoi(port) > 65535) {
    return std::nullopt;
  }
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  return std::pair{host, static_cast<unsigned short>(std::stoi(port))};
}

struct ConnectionBudget {
  std::size_t http;
  std::size_t mllp;
};

// Raises the open-file limit to its hard maximum, then shares what is left after the reserve
// between the listeners (HTTP three quarters, MLLP one), so connections run into their cap, which
// answers cleanly, before the process runs out of descriptors.
ConnectionBudget connection_budget(std::size_t http_wanted) {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return {http_wanted, kMaxMllpConnections};
  if (limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
    getrlimit(RLIMIT_NOFILE, &limit);
  }
  const std::size_t files = limit.rlim_cur == RLIM_INFINITY ? 1'000'000 : limit.rlim_cur;
  const std::size_t usable = files > 2 * kReservedFiles ? files - kReservedFiles : files / 2;
  const ConnectionBudget budget{std::min(http_wanted, usable * 3 / 4),
                                std::min(kMaxMllpConnections, usable / 4)};
  if (budget.http < http_wanted) {
    spdlog::warn("open-file limit {}: at most {} HTTP connections at once (asked for {})", files,
                 budget.http, http_wanted);
  }
  return budget;
}

}  // namespace

int serve(const ServeOptions& options) {
  const auto listen = parse_listen(options.listen);
  if (!listen) {
    std::cerr << "error: --listen must be HOST:PORT, e.g. 127.0.0.1:8080 (got " << options.listen
              << ")\n";
    return 2;
  }
  std::unique_ptr<Store> store;
  if (options.database.empty()) {
    store = open_store(options.data_dir);
    spdlog::info("database {} at schema version {}", (options.data_dir / kDatabaseFile).string(),
                 store->schema_version());
  } else {
    const auto url = database_url(options.database);
    if (!url) return 2;
    // Any number of servers may share it (storage/areas/server_network.h).
    store = open_postgresql_store(*url, static_cast<std::size_t>(options.database_connections));
    spdlog::info("database {} at schema version {}", url->redacted(), store->schema_version());
  }
  if (options.demo) {
    const int added = seed_demo_clinic(*store, server::system_now());
    if (added > 0) spdlog::info("demo clinic seeded with {} fictional patients", added);
  }
  server::ApiOptions api_options;
  api_options.web_root = options.web_root;
  api_options.secure_cookies = options.secure_cookies;
  api_options.sign_in.session_idle_ms = options.session_idle_minutes * kMillisPerMinute;
  api_options.version = PLASTICITY_VERSION;
  if (!std::filesystem::exists(options.web_root / "index.html")) {
    spdlog::warn("no web UI at {} (run scripts/build): serving the API only",
                 options.web_root.string());
  }
  api_options.link_valid_hours = options.link_valid_hours;
  api_options.research_key_file = options.data_dir / "research_key";
  api_options.research_min_k = options.research_min_k;
  api_options.reading_lookback_minutes = options.reading_lookback_minutes;
  api_options.weight_max_age_days = options.weight_max_age_days;
  if (const auto smtp_file = options.data_dir / "smtp.json"; std::filesystem::exists(smtp_file)) {
    try {
      api_options.smtp = server::parse_smtp_settings(read_file(smtp_file));
    } catch (const std::exception& error) {
      std::cerr << "error: " << smtp_file.string() << ": " << error.what() << "\n";
      return 2;
    }
    spdlog::info("patient messages are e-mailed through {}:{}", api_options.smtp->host,
                 api_options.smtp->port);
  }
  const LoadedClinic clinic =
      load_clinic(options.definitions, options.data_dir, *store, options.crisis_text);
  api_options.published_outcomes = clinic.published;
  api_options.forecast_evidence = clinic.forecast_evidence;
  const auto& instruments = clinic.instruments;
  const auto& protocols = clinic.protocols;
  const auto& settings = clinic.settings;
  server::Api api{*store, instruments, protocols, settings, api_options, server::system_now};
  const ClinicSchedule& schedule = settings.schedule;  // the demo is seeded by today's settings
  if (options.demo && seed_demo_history(*store, protocols, schedule, server::system_now()) > 0) {
    spdlog::info("demo clinic: yesterday's esketamine session added, its REMS form to complete");
  }
  if (options.demo && !options.mllp.empty()) {
    const int started =
        start_demo_sessions(*store, protocols, schedule, server::system_now(), kDemoChairs);
    if (started > 0) spdlog::info("demo clinic: {} patients dosing in chairs", started);
  }
  const auto budget = connection_budget(static_cast<std::size_t>(options.max_connections));
  http::ServerOptions server_options;
  server_options.address = listen->first;
  server_options.port = listen->second;
  server_options.threads = options.threads;
  server_options.max_connections = budget.http;
  server_options.handler_deadline = std::chrono::seconds(options.request_deadline_seconds);
  server_options.refuse = server::transport_problem;
  server_options.is_reading = server::is_vital_sign_post;
  server_options.live_path = "/api/v1/live";
  server_options.admit_live = [&api](const http::Request& r) { return api.admit_live(r); };
  server_options.live_opened = [&api](const http::Request& request,
                                      std::weak_ptr<http::LiveSubscriber> subscriber) {
    api.subscribe(request, std::move(subscriber));
  };
  http::HttpServer server{server_options, [&api](const http::Request& r) { return api.handle(r); }};
  const std::string host =
      listen->first.find(':') == std::string::npos ? listen->first : "[" + listen->first + "]";
  // HL7 v2 from monitors and gateways, on its own port and threads.
  std::unique_ptr<server::Hl7Ingest> hl7;
  std::unique_ptr<mllp::MllpListener> mllp_listener;
  std::jthread mllp_thread;
  if (!options.mllp.empty()) {
    const auto mllp_address = parse_listen(options.mllp);
    if (!mllp_address) {
      std::cerr << "error: --mllp must be HOST:PORT, e.g. 127.0.0.1:2575 (got " << options.mllp
                << ")\n";
      return 2;
    }
    hl7 = std::make_unique<server::Hl7Ingest>(*store, api.monitor(), server::system_now);
    mllp_listener = std::make_unique<mllp::MllpListener>(
        mllp_address->first, mllp_address->second,
        [&hl7](std::string_view message, const std::string& peer, mllp::Reply reply) {
          hl7->handle(message, peer, std::move(reply));
        },
        kMllpThreads, kMaxMllpMessageBytes, budget.mllp);
    std::cout << "HL7 v2 (MLLP) listening on " << mllp_address->first << ":"
              << mllp_listener->port() << std::endl;
    mllp_thread = std::jthread([&mllp_listener] { mllp_listener->run(); });
  }
  // The URL line comes last: scripts and tests take it as the sign that the server is ready.
  if (options.demo) {
    std::cout << "Demo clinic (fictional data): sign in as demo.prescriber with password "
              << kDemoPassword << "\n  (also demo.admin, demo.nurse, demo.therapist, "
              << "demo.frontdesk, demo.researcher; same password)" << std::endl;
  }
  std::cout << "Plasticity " << PLASTICITY_VERSION << " listening on http://" << host << ":"
            << server.port() << "/" << std::endl;
  // Time-based alarms (a monitor that stopped sending) are judged once a second.
  std::jthread ticker([&api](std::stop_token stop) {
    while (!stop.stop_requested()) {
      std::this_thread::sleep_for(std::chrono::seconds(1));
      api.tick();
    }
  });
  // Patient messages that are due are e-mailed on their own thread: a slow relay never delays an
  // alarm.
  std::jthread mailer([&api, every = options.outbox_every_seconds](std::stop_token stop) {
    for (int waited = every; !stop.stop_requested(); ++waited) {
      if (waited >= every) {
        // Which server of a clinic network e-mails (the holder of the outbox duty) is in its log.
        if (const int sent = api.deliver_outbox()) spdlog::info("outbox: {} e-mailed", sent);
        waited = 0;
      }
      std::this_thread::sleep_for(std::chrono::seconds(1));
    }
  });
  // The forecast models are refitted each night on their own thread: a fit never delays an alarm.
  std::jthread forecaster([&api](std::stop_token stop) {
    for (int waited = 0; !stop.stop_requested(); ++waited) {
      if (waited >= 60) {
        api.refit_forecasts_nightly();
        waited = 0;
      }
      std::this_thread::sleep_for(std::chrono::seconds(1));
    }
  });
  // Finished sessions' readings are sealed into compact blocks a few sessions at a time, so the
  // writer is never held from live readings for long; an existing clinic is sealed this way too.
  std::jthread sealer([&store](std::stop_token stop) {
    for (int waited = 60; !stop.stop_requested(); ++waited) {
      if (waited >= 60) {
        waited = 0;
        try {
          SealReport pass{.more = true};
          for (std::size_t sealed = 0; pass.more && !stop.stop_requested();) {
            pass = store->seal_finished_vitals(4, server::system_now());
            if ((sealed += pass.readings) > 0 && !pass.more) {
              spdlog::info("sealed {} readings of finished sessions", sealed);
            }
            if (pass.more) std::this_thread::sleep_for(std::chrono::milliseconds(50));
          }
        } catch (const std::exception& error) {
          spdlog::error("sealing finished sessions' readings failed (they stay as rows): {}",
                        error.what());
        }
      }
      std::this_thread::sleep_for(std::chrono::seconds(1));
    }
  });
  server.run();
  sealer.request_stop();
  forecaster.request_stop();
  mailer.request_stop();
  ticker.request_stop();
  if (mllp_listener) mllp_listener->stop();
  spdlog::info("stopped; database closed cleanly");
  return 0;
}

namespace {

int create_account(StaffStore& staff, AuditStore& audit, const StaffAccount& account) {
  const auto id = staff.create_staff(account);
  if (!id) {
    std::cerr << "error: a staff account named " << account.username << " already exists\n";
    return 1;
  }
  const std::string role_name{to_string(account.role)};
  audit.append_audit({0, account.created_at, *id, account.username, role_name, "staff.create",
                      "success", std::nullopt, "cli", "local", "created with plasticity user add"});
  std::cout << "created " << role_name << " " << account.username << " (id " << *id << ")\n";
  return 0;
}

}  // namespace

int add_user(const StoreLocation& where, const std::string& username,
             const std::string& role_name) {
  if (auto reason = invalid_username_reason(username)) {
    std::cerr << "error: " << *reason << "\n";
    return 2;
  }
  const auto store = open_records(where);
  if (store == nullptr) return 2;
  const std::string password = read_password();
  if (auto reason = weak_password_reason(password)) {
    std::cerr << "error: refused: " << *reason << "\n";
    return 2;
  }
  return create_account(
      *store, *store,
      {0, username, *parse_role(role_name), server::hash_password(password), server::system_now()});
}

int migrate(const StoreLocation& where) {
  const auto store = open_records(where);
  if (store == nullptr) return 2;
  const std::string name = where.database.empty() ? (where.data_dir / kDatabaseFile).string()
                                                  : database_url(where.database)->redacted();
  std::cout << "database " << name << " is at schema version " << store->schema_version() << "\n";
  return 0;
}

namespace {
double seconds_since(std::chrono::steady_clock::time_point start) {
  const auto tenths = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::steady_clock::now() - start)
                          .count() /
                      100;
  return static_cast<double>(tenths) / 10;
}

void print_progress(std::uintmax_t written, std::uintmax_t total) {
  std::cerr << "copied " << written / 1'000'000 << " of about " << total / 1'000'000 << " MB\n";
}
}  // namespace

int backup(const std::filesystem::path& data_dir, const std::filesystem::path& to) {
  const auto started = std::chrono::steady_clock::now();
  sqlite::backup_database(data_dir / kDatabaseFile, to, print_progress);
  std::cout << "backed up " << (data_dir / kDatabaseFile).string() << " to " << to.string()
            << " in " << seconds_since(started) << " s\n";
  return 0;
}

int restore(const std::filesystem::path& data_dir, const std::filesystem::path& from) {
  const std::int64_t known = sqlite::sqlite_migrations().back().version;
  const auto started = std::chrono::steady_clock::now();
  std::cerr << "checking " << from.string() << " (integrity and schema)\n";
  const std::int64_t version = sqlite::check_backup(from, known);
  std::cerr << "sound, schema version " << version << ", checked in " << seconds_since(started)
            << " s; restoring\n";
  std::filesystem::create_directories(data_dir);
  const auto kept = sqlite::restore_database(from, data_dir / kDatabaseFile, known, print_progress);
  // A backup from an older release is brought to this release's schema now, not at first serve.
  auto store = open_store(data_dir);
  std::cout << "restored " << from.string() << " to " << (data_dir / kDatabaseFile).string()
            << " (schema version " << store->schema_version() << ") in " << seconds_since(started)
            << " s";
  if (!kept.empty()) std::cout << "; the database it replaced is kept at " << kept.string();
  std::cout << "\n";
  return 0;
}

}  // namespace plasticity::app
