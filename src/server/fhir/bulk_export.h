// FHIR Bulk Data Access (v2) exports: each kick-off runs on its own thread, reading the clinic one
// patient at a time and writing NDJSON files (at most kResourcesPerFile resources each, so neither
// the export nor a download holds more than one patient or one file in memory) under
// DATA/exports/<job>/. The routes (fhir_routes.cc) poll, list and cancel jobs through this.
//
// Jobs live in the process that ran them: after a restart the files of earlier jobs are removed,
// since no poll can reach them.
#pragma once

#include <atomic>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include "server/fhir/patient_resources.h"

namespace plasticity::server::fhir {

inline constexpr std::size_t kResourcesPerFile = 10'000;
// Files are removed this long after their export finished (Plasticity's default).
inline constexpr std::int64_t kExportKeepMs = 24 * 60 * kMillisPerMinute;

struct ExportRequest {
  std::string request_url;       // the kick-off URL, echoed in the manifest
  std::string base_url;          // where the file links point: https://host/fhir
  std::set<std::string> types;   // from _type; every type of the export when empty
  bool system_level = true;      // /$export (adds Questionnaire) or /Patient/$export
  std::optional<UtcTime> since;  // _since: resources changed at or after
  AuditEntry audit;              // who asked, from where: copied into each audit entry
};

struct ExportOutput {
  std::string type;
  std::string file;  // "Observation-2.ndjson"
  std::size_t count = 0;
};

struct ExportStatus {
  enum class State { running, done, failed } state = State::running;
  std::int64_t staff_id = 0;
  std::size_t patients_done = 0;
  std::size_t resources = 0;
  std::string error;  // failed: why
  UtcTime transaction_time;
  std::optional<UtcTime> finished_at;
  ExportRequest request;
  std::vector<ExportOutput> outputs;
};

class BulkExports {
 public:
  // The store and catalogs must outlive this object; `clock` stamps the audit entries.
  BulkExports(Store& store, const InstrumentCatalog& instruments, const ProtocolCatalog& protocols,
              std::filesystem::path directory, std::function<UtcTime()> clock);
  ~BulkExports();

  // Starts a job and returns its id; nullopt while another export is still running.
  std::optional<std::string> start(ExportRequest request,
                                   std::shared_ptr<const ClinicSchedule> schedule, UtcTime now);
  std::optional<ExportStatus> status(const std::string& job_id);
  // Stops the job if it runs and removes its files; false when no such job.
  bool cancel(const std::string& job_id);
  // The file of a finished job, when it exists.
  std::optional<std::filesystem::path> file(const std::string& job_id, const std::string& name);
  // Removes the jobs that finished more than kExportKeepMs ago.
  void expire(UtcTime now);

 private:
  struct Job;
  void run(Job& job, std::shared_ptr<const ClinicSchedule> schedule, std::stop_token stop);

  Store& store_;
  const InstrumentCatalog& instruments_;
  const ProtocolCatalog& protocols_;
  std::filesystem::path directory_;
  std::function<UtcTime()> clock_;
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<Job>> jobs_;
};

// The types an export may name in _type, in the order their files are listed.
const std::vector<std::string>& exportable_types();

}  // namespace plasticity::server::fhir
