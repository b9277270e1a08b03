// The outcome report on a synthetic clinic grown through the Store: per patient, a depression or
// PTSD diagnosis, six dosed sessions (twice weekly) and twenty PHQ-9s (a baseline, then every
// three or four days, a third of patients responding). For each size it prints the time of the
// whole report for one instrument (the cohort read, the statistics, the JSON), its growth per
// patient, and its ratio to the sqlite3 command line running only the bare SELECT of the same
// assessments on the same file in the same run. Target: 10,000 patients under 250 ms.
//   outcome_report_bench [patients..., default 1000 10000]   (100000 takes some minutes to grow)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <vector>

#include "interop/instrument_json.h"
#include "outcomes/outcome_report.h"
#include "server/reports/outcome_json.h"
#include "storage/sqlite/sqlite_store.h"

using namespace plasticity;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::int64_t kDay = 86'400'000;
constexpr int kSessions = 6;
constexpr int kAssessments = 20;

void grow(SqliteStore& store, int patients, std::int64_t staff) {
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

}  // namespace

int main(int argc, char** argv) {
  std::vector<int> sizes;
  for (int i = 1; i < argc; ++i) sizes.push_back(std::atoi(argv[i]));
  if (sizes.empty()) sizes = {1000, 10000};
  const auto catalog =
      load_instrument_catalog({PLASTICITY_SOURCE_DIR "/src/instruments/definitions"});
  const OutcomeRules& rules = catalog.find("phq9")->instrument.outcomes;
  const auto zone = *ClinicTimeZone::locate("America/New_York");
  const std::filesystem::path base =
      std::filesystem::exists("/dev/shm") ? "/dev/shm" : std::filesystem::temp_directory_path();
  std::printf("%9s %9s %11s %10s %12s %12s %10s\n", "patients", "sessions", "assessments", "grow s",
              "report ms", "ms/1k pts", "x sqlite3");
  double first_per_k = 0;
  for (const int patients : sizes) {
    const auto dir = base / ("plasticity-outcome-bench-" + std::to_string(::getpid()) + "-" +
                             std::to_string(patients));
    std::filesystem::create_directories(dir);
    const auto file = dir / "bench.db";
    double report_ms = 0, grow_s = 0;
    {
      auto store = SqliteStore::open(file);
      const auto staff = *store->create_staff({0, "bench", Role::prescriber, "x", UtcTime{1}});
      const auto g0 = Clock::now();
      grow(*store, patients, staff);
      grow_s = std::chrono::duration<double>(Clock::now() - g0).count();
      std::vector<double> samples;
      std::size_t bytes = 0;
      for (int run = 0; run < 7; ++run) {
        const auto t0 = Clock::now();
        server::OutcomeQuery query;
        query.instrument = "phq9";
        const auto computed =
            server::compute_outcome_report(*store, query, rules, zone, CalendarDate{2026, 12, 3});
        bytes = server::outcome_report_to_json(
                    query, {computed.report, computed.cms159, computed.safety, {}}, {false})
                    .dump()
                    .size();
        samples.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
      }
      report_ms = median_ms(samples);
      if (bytes == 0) return 1;
    }
    const std::string db = "'" + file.string() + "'";
    const double bare = command_ms(
        "sqlite3 " + db +
            " \"SELECT patient_id, administered_at, total FROM assessments WHERE instrument_id = "
            "'phq9' AND complete = 1 AND total IS NOT NULL ORDER BY patient_id, administered_at\""
            " > /dev/null",
        5);
    const double per_k = report_ms / patients * 1000;
    if (first_per_k == 0) first_per_k = per_k;
    std::printf("%9d %9d %11d %10.1f %12.1f %12.2f %10.2f\n", patients, patients * kSessions,
                patients * kAssessments, grow_s, report_ms, per_k, report_ms / bare);
    std::filesystem::remove_all(dir);
  }
  std::printf("growth: ms per 1,000 patients should stay about level (linear); first size %.2f\n",
              first_per_k);
  std::printf(
      "x sqlite3: the report against the sqlite3 CLI running only the bare SELECT of the "
      "same assessments (process start included)\n");
  return 0;
}
