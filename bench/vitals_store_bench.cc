// The store's own ingest rate with group commit (storage/vitals_writer.h): T threads each
// recording one message's worth of readings (4) at a time, every call returning only once on
// disk; each message with its own audit entry, then without (a monitor's readings are audited
// once per session and hour, server/live/session_monitor.cc). Compare with sqlite_ceiling (raw
// inserts, same durability, one commit per message). With
// PLASTICITY_BENCH_DATABASE=postgresql://... (an empty database) the same load runs on PostgreSQL
// too, after SQLite, in the same run.
//   vitals_store_bench [seconds, default 3] [threads..., default 1 4 16 64]
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <thread>
#include <vector>

#include "storage/postgresql/postgresql_store.h"
#include "storage/sqlite/sqlite_store.h"
#include "storage/vitals_writer.h"

using namespace plasticity;

namespace {

void ingest(Store& store, const char* engine, double seconds, const std::vector<int>& threads) {
  const auto staff = *store.create_staff({0, "bench", Role::nurse, "x", UtcTime{1}});
  PatientRecord patient;
  patient.id = "p";
  patient.demographics.mrn = "M";
  patient.demographics.given_name = "A";
  patient.demographics.family_name = "B";
  const AuditEntry audit{0,         UtcTime{1}, staff, "bench", "nurse", "vitals.record",
                         "success", "p",        "r",   "l",     ""};
  store.create_patient(patient, staff, audit);
  TreatmentSession session;
  session.id = "s";
  session.patient_id = "p";
  session.protocol_id = "iv_ketamine";
  session.chair = "1";
  session.created_by = staff;
  store.create_treatment_session(session, audit);
  std::atomic<std::int64_t> clock{0};
  VitalsWriter writer{store};
  for (const bool audited : {true, false}) {
    const std::string title = std::string(engine) + ": 4 readings" + (audited ? " + audit" : "");
    std::printf("%-40s %12s\n", title.c_str(), "messages/s");
    for (int count : threads) {
      std::atomic<std::int64_t> messages{0};
      const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
      std::vector<std::thread> pool;
      for (int t = 0; t < count; ++t) {
        pool.emplace_back([&] {
          while (std::chrono::steady_clock::now() < until) {
            const UtcTime at{++clock};
            writer.write({"s",
                          {{"d", VitalKind::heart_rate, 70, at, at},
                           {"d", VitalKind::spo2, 98, at, at},
                           {"d", VitalKind::respiratory_rate, 14, at, at},
                           {"d", VitalKind::mean_arterial_pressure, 90, at, at}},
                          audited ? std::optional<AuditEntry>(audit) : std::nullopt});
            ++messages;
          }
        });
      }
      for (auto& t : pool) t.join();
      std::printf("  %-38s %12.0f\n", (std::to_string(count) + " threads").c_str(),
                  messages / seconds);
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  const double seconds = argc > 1 ? std::atof(argv[1]) : 3.0;
  std::vector<int> threads;
  for (int i = 2; i < argc; ++i) threads.push_back(std::atoi(argv[i]));
  if (threads.empty()) threads = {1, 4, 16, 64};
  const auto dir = std::filesystem::temp_directory_path() /
                   ("plasticity-store-bench-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  ingest(*SqliteStore::open(dir / "bench.db"), "SQLite", seconds, threads);
  std::filesystem::remove_all(dir);
  if (const char* database = std::getenv("PLASTICITY_BENCH_DATABASE")) {
    const auto url = postgresql::parse_database_url(database);
    if (!url.url) {
      std::fprintf(stderr, "PLASTICITY_BENCH_DATABASE: %s\n", url.error.c_str());
      return 2;
    }
    ingest(*PostgresqlStore::open(*url.url), "PostgreSQL", seconds, threads);
  }
}
