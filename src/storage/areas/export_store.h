// FHIR bulk exports (server/fhir/bulk_export.h): each job's state and the NDJSON files it made,
// kept in the database so that any server of a clinic network answers a poll, serves a file or
// cancels a job, whichever server runs it. Files are kept compressed (zstd_frame.h).
// Part of the Store (storage/store.h); a job is not patient data, so these writes carry no audit
// entry (the routes audit the kick-off, each download and each cancel).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/utc_time.h"

namespace plasticity {

enum class ExportJobState { running, done, failed };

struct ExportFile {
  std::string type;  // "Observation"
  std::string name;  // "Observation-2.ndjson"
  std::int64_t count = 0;
};

struct ExportJob {
  std::string id;
  std::int64_t staff_id = 0;  // who started it: only they may poll it
  std::string request_url;    // the kick-off URL, echoed in the manifest
  std::string base_url;       // where the file links point: https://host/fhir
  ExportJobState state = ExportJobState::running;
  std::int64_t patients_done = 0;
  std::int64_t resources = 0;
  std::string error;  // failed: why
  UtcTime transaction_time;
  std::optional<UtcTime> finished_at;
  std::vector<ExportFile> files;  // in the order they were added
};

class ExportJobStore {
 public:
  virtual ~ExportJobStore() = default;

  // Adds `job` (running, no files); false, writing nothing, while another job is running.
  virtual bool start_export_job(const ExportJob& job) = 0;
  // The running job's progress; false when it runs no more (cancelled, or found failed).
  virtual bool record_export_progress(const std::string& id, std::int64_t patients_done,
                                      std::int64_t resources) = 0;
  // Keeps a file of the running job (compressed); false, keeping nothing, when it runs no more.
  virtual bool add_export_file(const std::string& id, const ExportFile& file,
                               const std::string& ndjson) = 0;
  // Ends the running job as done or failed (with why) at `at`; false when it was not running.
  virtual bool finish_export_job(const std::string& id, ExportJobState state,
                                 const std::string& error, UtcTime at) = 0;
  virtual std::optional<ExportJob> export_job(const std::string& id) = 0;
  // The id of the job running now, if any.
  virtual std::optional<std::string> running_export_job() = 0;
  // A file's NDJSON as added, when the job listed it.
  virtual std::optional<std::string> export_file(const std::string& id,
                                                 const std::string& name) = 0;
  // Removes the job and its files; false when there was no such job.
  virtual bool remove_export_job(const std::string& id) = 0;
  // Removes the jobs that finished at or before `before`, and any file whose job is gone (added
  // while its job was being cancelled); returns how many jobs.
  virtual int remove_export_jobs_finished_by(UtcTime before) = 0;
};

}  // namespace plasticity
