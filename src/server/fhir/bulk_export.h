// FHIR Bulk Data Access (v2) exports: each kick-off runs on its own thread, reading the clinic one
// patient at a time and writing NDJSON files of at most kResourcesPerFile resources each. A file
// is written to an anonymous temporary file while it fills, then kept in the store compressed
// (ExportJobStore), so neither the export nor a download holds more than one patient or one file
// in memory, and every server sharing the database can answer a poll, serve a file or cancel the
// job. The routes (bulk_export_routes.cc) poll, list and cancel jobs through this.
//
// A job whose server stopped (found by its Duty::run_export, which that server held) is failed by
// the next poll, or by the next kick-off it would otherwise block.
#pragma once

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

class BulkExports {
 public:
  // The store and catalogs must outlive this object; `clock` stamps the audit entries.
  BulkExports(Store& store, const InstrumentCatalog& instruments, const ProtocolCatalog& protocols,
              std::function<UtcTime()> clock);
  ~BulkExports();

  // Starts a job and returns its id; nullopt while another export is still running.
  std::optional<std::string> start(ExportRequest request,
                                   std::shared_ptr<const ClinicSchedule> schedule, UtcTime now);
  // The job as the store has it, whichever server runs it.
  std::optional<ExportJob> status(const std::string& job_id);
  // Stops the job, here or on another server, and removes its files; false when no such job.
  bool cancel(const std::string& job_id);
  // The NDJSON of a finished job's file, when the job listed it.
  std::optional<std::string> file(const std::string& job_id, const std::string& name);
  // Removes the jobs that finished more than kExportKeepMs ago (at most once a minute), and lets
  // go of the threads of this server's jobs that ended.
  void expire(UtcTime now);

 private:
  struct Job;
  // Claims the job's duty and adds its row; false while another job runs.
  bool record_start(const std::string& job_id, const ExportRequest& request, UtcTime now);
  void run(Job& job, std::shared_ptr<const ClinicSchedule> schedule, std::stop_token stop);
  bool runs_here(const std::string& job_id);
  // Fails a running job whose server stopped; true when it did.
  bool fail_if_abandoned(const std::string& job_id);
  void join_ended_jobs();

  Store& store_;
  const InstrumentCatalog& instruments_;
  const ProtocolCatalog& protocols_;
  std::function<UtcTime()> clock_;
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<Job>> jobs_;  // this server's, until their threads end
  std::int64_t next_expiry_ms_ = 0;                   // guarded by mutex_
};

// The types an export may name in _type, in the order their files are listed.
const std::vector<std::string>& exportable_types();

}  // namespace plasticity::server::fhir
