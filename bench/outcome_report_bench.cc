// The outcome report on a synthetic clinic grown through the Store: per patient, a depression or
// PTSD diagnosis, six dosed sessions (twice weekly) and twenty PHQ-9s (a baseline, then every
// three or four days, a third of patients responding). For each size it prints the time of the
// whole report for one instrument (the cohort read, the statistics, the JSON), its growth per
// patient, and its ratio to the sqlite3 command line running only the bare SELECT of the same
// assessments on the same file in the same run. Target: 10,000 patients under 250 ms.
// With PLASTICITY_BENCH_DATABASE=postgresql://... (a database on the server to bench, whose user
// may create databases) the same clinic is grown in a new PostgreSQL database of each size too,
// and its report timed beside SQLite's: target within 2x.
//   outcome_report_bench [patients..., default 1000 10000]   (100000 takes some minutes to grow)
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <random>
#include <vector>

#include "interop/instrument_json.h"
#include "outcomes/outcome_report.h"
#include "server/reports/outcome_json.h"
#include "storage/postgresql/postgresql_store.h"
#include "storage/sqlite/sqlite_store.h"

using namespace plasticity;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::int64_t kDay = 86'400'000;
constexpr int kSessions = 6;
constexpr int kAssessments = 20;

void grow(Store& store, int patients, std::int64_t staff) {
  std::mt19937_64 random{20261203};
  const UtcTime first_day = *parse_iso8601("2021-01-04T15:00:00Z");
  for (int i = 0; i < patients; ++i) {
    const std::string id = "p" + std::to_string(i);
    AuditEntry audit{0,  first_day, staff,   "bench", "prescriber", "patient.create", "success",
                     id, "bench",   "local", ""};
    PatientRecord patient;
    patient.id = id;
    patient.demographics.mrn = "MRN-" + std::to_string(i);
    patient.demographics.given_name = "Synthetic";
    patient.demographics.family_name = "Patient" + std::to_string(i);
    patient.demographics.birth_date = {1950 + i % 50, 1 + i % 12, 1 + i % 28};
    patient.demographics.sex_at_birth = i % 2 ? SexAtBirth::female : SexAtBirth::male;
    patient.demographics.diagnoses = {{i % 3 ? "F33.1" : "F43.10", "synthetic"}};
    patient.created_at = patient.updated_at = first_day;
    store.create_patient(patient, staff, audit);
    // Courses start over five years, one patient after another.
    const std::int64_t course = first_day.epoch_ms + (i * 5LL * 365 * kDay) / patients;
    audit.action = "session.create";
    for (int s = 0; s < kSessions; ++s) {
      TreatmentSession session;
      session.id = id + "-s" + std::to_string(s);
      session.patient_id = id;
      session.protocol_id = i % 4 ? "iv_ketamine" : "esketamine_nasal";
      session.chair = "Chair " + std::to_string(1 + i % 12);
      session.scheduled_at = UtcTime{course + (s / 2 * 7 + s % 2 * 3) * kDay};
      session.phase = SessionPhase::discharged;
      session.dose.dose_mg = 40;
      session.created_by = staff;
      session.created_at = session.scheduled_at;
      session.dosing_started_at = session.scheduled_at;
      store.create_treatment_session(session, audit);
    }
    const bool responder = random() % 3 == 0;
    const int baseline = 16 + static_cast<int>(random() % 9);
    std::vector<AssessmentRecord> series;
    for (int a = 0; a < kAssessments; ++a) {
      AssessmentRecord r;
      r.id = id + "-a" + std::to_string(a);
      r.patient_id = id;
      r.instrument_id = "phq9";
      r.instrument_version = "1";
      r.administered_at = UtcTime{course - 2 * kDay + a * (a % 2 ? 3 : 4) * kDay};
      r.source = "clinician";
      r.recorded_by = staff;
      const int fall = responder ? a * baseline / 8 : a / 3;
      const int total = std::max(0, baseline - fall + static_cast<int>(random() % 3));
      for (int item = 1; item <= 8; ++item) {
        r.answers["phq9_" + std::to_string(item)] =
            std::min(3, std::max(0, total - 3 * (item - 1)));
      }
      r.answers["phq9_9"] = 0;
      r.score.total = std::min(24, total);
      r.score.complete = true;
      r.recorded_at = r.administered_at;
      series.push_back(std::move(r));
    }
    audit.action = "assessment.record";
    store.record_assessments(series, {}, std::nullopt, first_day, audit);
  }
}

double median_ms(std::vector<double> samples) {
  std::sort(samples.begin(), samples.end());
  return samples[samples.size() / 2];
}

double command_ms(const std::string& command, int runs) {
  std::vector<double> samples;
  for (int i = 0; i < runs; ++i) {
    const auto t0 = Clock::now();
    if (std::system(command.c_str()) != 0) std::fprintf(stderr, "failed: %s\n", command.c_str());
    samples.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
  }
  return median_ms(samples);
}

struct Timed {
  double grow_s = 0;
  double report_ms = 0;
};

// Grows the clinic in an empty store and times its report (median of 7).
Timed grow_and_report(Store& store, int patients, const OutcomeRules& rules,
                      const ClinicTimeZone& zone) {
  Timed timed;
  const auto staff = *store.create_staff({0, "bench", Role::prescriber, "x", UtcTime{1}});
  const auto g0 = Clock::now();
  grow(store, patients, staff);
  timed.grow_s = std::chrono::duration<double>(Clock::now() - g0).count();
  std::vector<double> samples;
  for (int run = 0; run < 7; ++run) {
    const auto t0 = Clock::now();
    server::OutcomeQuery query;
    query.instrument = "phq9";
    const auto computed =
        server::compute_outcome_report(store, query, rules, zone, CalendarDate{2026, 12, 3});
    const std::size_t bytes =
        server::outcome_report_to_json(
            query, {computed.report, computed.cms159, computed.safety, {}}, {false})
            .dump()
            .size();
    if (bytes == 0) std::abort();
    samples.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
  }
  timed.report_ms = median_ms(samples);
  return timed;
}

// A new database of the server PLASTICITY_BENCH_DATABASE names, dropped when done.
class BenchDatabase {
 public:
  BenchDatabase(const postgresql::DatabaseUrl& server, int patients) : server_(server) {
    url_ = server;
    url_.database =
        "plasticity_bench_" + std::to_string(::getpid()) + "_" + std::to_string(patients);
    postgresql::Connection{server_}.execute("CREATE DATABASE " + url_.database +
                                            " TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C'");
  }
  ~BenchDatabase() {
    postgresql::Connection{server_}.execute("DROP DATABASE " + url_.database + " WITH (FORCE)");
  }
  const postgresql::DatabaseUrl& url() const { return url_; }

 private:
  postgresql::DatabaseUrl server_, url_;
};

}  // namespace

int main(int argc, char** argv) {
  std::vector<int> sizes;
  for (int i = 1; i < argc; ++i) sizes.push_back(std::atoi(argv[i]));
  if (sizes.empty()) sizes = {1000, 10000};
  std::optional<postgresql::DatabaseUrl> postgresql_server;
  if (const char* database = std::getenv("PLASTICITY_BENCH_DATABASE")) {
    const auto parsed = postgresql::parse_database_url(database);
    if (!parsed.url) {
      std::fprintf(stderr, "PLASTICITY_BENCH_DATABASE: %s\n", parsed.error.c_str());
      return 2;
    }
    postgresql_server = parsed.url;
  }
  const auto catalog =
      load_instrument_catalog({PLASTICITY_SOURCE_DIR "/src/instruments/definitions"});
  const OutcomeRules& rules = catalog.find("phq9")->instrument.outcomes;
  const auto zone = *ClinicTimeZone::locate("America/New_York");
  const std::filesystem::path base =
      std::filesystem::exists("/dev/shm") ? "/dev/shm" : std::filesystem::temp_directory_path();
  std::printf("%-10s %9s %9s %11s %10s %12s %12s %10s\n", "engine", "patients", "sessions",
              "assessments", "grow s", "report ms", "ms/1k pts", "x baseline");
  double first_per_k = 0;
  for (const int patients : sizes) {
    const auto dir = base / ("plasticity-outcome-bench-" + std::to_string(::getpid()) + "-" +
                             std::to_string(patients));
    std::filesystem::create_directories(dir);
    const auto file = dir / "bench.db";
    const Timed sqlite = grow_and_report(*SqliteStore::open(file), patients, rules, zone);
    const std::string db = "'" + file.string() + "'";
    const double bare = command_ms(
        "sqlite3 " + db +
            " \"SELECT patient_id, administered_at, total FROM assessments WHERE instrument_id = "
            "'phq9' AND complete = 1 AND total IS NOT NULL ORDER BY patient_id, administered_at\""
            " > /dev/null",
        5);
    const double per_k = sqlite.report_ms / patients * 1000;
    if (first_per_k == 0) first_per_k = per_k;
    std::printf("%-10s %9d %9d %11d %10.1f %12.1f %12.2f %10.2f\n", "SQLite", patients,
                patients * kSessions, patients * kAssessments, sqlite.grow_s, sqlite.report_ms,
                per_k, sqlite.report_ms / bare);
    std::filesystem::remove_all(dir);
    if (postgresql_server) {
      const BenchDatabase database{*postgresql_server, patients};
      const Timed postgresql =
          grow_and_report(*PostgresqlStore::open(database.url()), patients, rules, zone);
      std::printf("%-10s %9d %9d %11d %10.1f %12.1f %12.2f %10.2f\n", "PostgreSQL", patients,
                  patients * kSessions, patients * kAssessments, postgresql.grow_s,
                  postgresql.report_ms, postgresql.report_ms / patients * 1000,
                  postgresql.report_ms / sqlite.report_ms);
    }
  }
  std::printf("growth: ms per 1,000 patients should stay about level (linear); first size %.2f\n",
              first_per_k);
  std::printf(
      "x baseline: SQLite's report against the sqlite3 CLI running only the bare SELECT of the "
      "same assessments (process start included); PostgreSQL's against SQLite's of the same "
      "clinic (target: at most 2)\n");
  return 0;
}
