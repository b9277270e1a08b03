#include "server/fhir/bulk_export.h"

#include <spdlog/spdlog.h>

#include <atomic>
#include <cstdio>

#include "server/http/credentials.h"

namespace plasticity::server::fhir {

struct BulkExports::Job {
  std::string id;
  ExportRequest request;
  std::atomic<bool> ended = false;
  std::jthread thread;
};

namespace {

// The job was cancelled, or failed by another server that found it abandoned: stop quietly.
struct NoLongerRunning {};

// One NDJSON file per type at a time, each in an anonymous temporary file (gone with the process,
// whatever ends it) until it holds kResourcesPerFile resources or the export ends; then `keep`
// stores it, returning false when the job runs no more.
class NdjsonFiles {
 public:
  using Keep = std::function<bool(const ExportFile&, const std::string& ndjson)>;
  explicit NdjsonFiles(Keep keep) : keep_(std::move(keep)) {}

  void write(const FhirResource& resource) {
    Open& open = files_[resource.type];
    if (!open.file || open.output.count == static_cast<std::int64_t>(kResourcesPerFile)) {
      finish(open);
      open.output = {resource.type, resource.type + "-" + std::to_string(++open.files) + ".ndjson",
                     0};
      open.file.reset(std::tmpfile());
      if (!open.file) throw std::runtime_error("cannot make a temporary file for an export");
    }
    const std::string line = resource.json.dump() + '\n';
    if (std::fwrite(line.data(), 1, line.size(), open.file.get()) != line.size()) {
      throw std::runtime_error("cannot write " + open.output.name);
    }
    ++open.output.count;
  }

  // Keeps every file still open, in the order of `types`.
  void close(const std::vector<std::string>& types) {
    for (const auto& type : types) {
      if (const auto found = files_.find(type); found != files_.end()) finish(found->second);
    }
  }

 private:
  struct Open {
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> file{nullptr, std::fclose};
    ExportFile output;
    int files = 0;
  };

  void finish(Open& open) {
    if (!open.file) return;
    std::FILE* file = open.file.get();
    std::string ndjson(static_cast<std::size_t>(std::ftell(file)), '\0');
    std::rewind(file);
    if (std::fread(ndjson.data(), 1, ndjson.size(), file) != ndjson.size()) {
      throw std::runtime_error("cannot read back " + open.output.name);
    }
    open.file.reset();
    if (!keep_(open.output, ndjson)) throw NoLongerRunning{};
  }

  Keep keep_;
  std::map<std::string, Open> files_;
};

}  // namespace

const std::vector<std::string>& exportable_types() {
  static const std::vector<std::string> types = [] {
    std::vector<std::string> all = patient_resource_types();
    all.push_back("Questionnaire");
    return all;
  }();
  return types;
}

BulkExports::BulkExports(Store& store, const InstrumentCatalog& instruments,
                         const ProtocolCatalog& protocols, std::function<UtcTime()> clock)
    : store_(store), instruments_(instruments), protocols_(protocols), clock_(std::move(clock)) {}

BulkExports::~BulkExports() {
  std::map<std::string, std::shared_ptr<Job>> jobs;
  {
    std::lock_guard lock(mutex_);
    jobs.swap(jobs_);
  }
  for (auto& [id, job] : jobs) job->thread.request_stop();
}

std::optional<std::string> BulkExports::start(ExportRequest request,
                                              std::shared_ptr<const ClinicSchedule> schedule,
                                              UtcTime now) {
  auto job = std::make_shared<Job>();
  job->id = new_random_id();
  job->request = std::move(request);
  {
    // Listed before its row exists, so that no poll here takes it for abandoned.
    std::lock_guard lock(mutex_);
    jobs_[job->id] = job;
  }
  const auto let_go = [&] {
    job->ended = true;
    join_ended_jobs();  // lets go of the duty claimed for it
  };
  bool started = false;
  try {
    started = record_start(job->id, job->request, now);
  } catch (...) {
    let_go();
    throw;
  }
  if (!started) {
    let_go();
    return std::nullopt;
  }
  std::lock_guard lock(mutex_);
  // The stop token comes in as an argument: the thread may start before `job->thread` is set.
  job->thread = std::jthread(
      [this, raw = job.get(), schedule](std::stop_token stop) { run(*raw, schedule, stop); });
  return job->id;
}

bool BulkExports::record_start(const std::string& job_id, const ExportRequest& request,
                               UtcTime now) {
  // Held while the job runs, so that a poll on another server can tell a running job from one
  // whose server stopped.
  if (!store_.claim(Duty::run_export, job_id)) {
    throw StoreError("the database could not be asked to record who runs the export");
  }
  ExportJob record;
  record.id = job_id;
  record.staff_id = request.audit.staff_id.value_or(0);
  record.request_url = request.request_url;
  record.base_url = request.base_url;
  record.transaction_time = now;
  if (store_.start_export_job(record)) return true;
  const auto running = store_.running_export_job();
  return running && fail_if_abandoned(*running) && store_.start_export_job(record);
}

void BulkExports::run(Job& job, std::shared_ptr<const ClinicSchedule> schedule,
                      std::stop_token stop) {
  const ExportRequest& request = job.request;
  std::vector<std::string> types;
  for (const auto& type : exportable_types()) {
    if (type == "Questionnaire" && !request.system_level) continue;
    if (request.types.empty() || request.types.count(type)) types.push_back(type);
  }
  std::set<std::string> compartment;
  for (const auto& type : types) {
    if (type != "Questionnaire") compartment.insert(type);
  }
  try {
    NdjsonFiles files([&](const ExportFile& file, const std::string& ndjson) {
      return store_.add_export_file(job.id, file, ndjson);
    });
    const ChartSources sources{store_, instruments_, protocols_, *schedule};
    std::int64_t patients_done = 0;
    std::int64_t resources = 0;
    PatientQuery query;
    query.limit = 100;
    while (!compartment.empty()) {
      if (stop.stop_requested()) throw NoLongerRunning{};
      const PatientPage page = store_.search_patients(query);
      AuditEntry audit = request.audit;
      audit.action = "fhir.export";
      audit.outcome = "success";
      for (const auto& patient : page.patients) {
        bool any = false;
        for (const auto& resource : patient_resources(sources, patient, compartment)) {
          if (request.since && resource.last_updated < *request.since) continue;
          files.write(resource);
          any = true;
          ++resources;
        }
        if (any) audit.shown_patient_ids.push_back(patient.id);
      }
      if (!audit.shown_patient_ids.empty()) {
        audit.at = clock_();
        audit.detail = "bulk export " + job.id + ": " +
                       std::to_string(audit.shown_patient_ids.size()) + " patients";
        store_.append_audit(audit);
      }
      patients_done += static_cast<std::int64_t>(page.patients.size());
      if (!store_.record_export_progress(job.id, patients_done, resources)) throw NoLongerRunning{};
      if (!page.has_more) break;
      query.after_patient_id = page.patients.back().id;
    }
    if (std::find(types.begin(), types.end(), "Questionnaire") != types.end()) {
      for (const auto& [id, entry] : instruments_.all()) {
        files.write(questionnaire(entry.instrument, UtcTime{0}));
      }
    }
    files.close(types);
    if (!store_.finish_export_job(job.id, ExportJobState::done, "", clock_())) {
      throw NoLongerRunning{};
    }
  } catch (const NoLongerRunning&) {
    spdlog::info("bulk export {} stopped: it was cancelled", job.id);
  } catch (const std::exception& error) {
    spdlog::error("bulk export {} failed: {}", job.id, error.what());
    try {
      store_.finish_export_job(job.id, ExportJobState::failed, error.what(), clock_());
    } catch (const std::exception& again) {
      // Left running in the store: the next poll finds it abandoned once this server lets go.
      spdlog::error("bulk export {}: its failure could not be recorded: {}", job.id, again.what());
    }
  }
  job.ended = true;
}

bool BulkExports::runs_here(const std::string& job_id) {
  std::lock_guard lock(mutex_);
  const auto found = jobs_.find(job_id);
  return found != jobs_.end() && !found->second->ended;
}

bool BulkExports::fail_if_abandoned(const std::string& job_id) {
  if (runs_here(job_id) || !store_.claim(Duty::run_export, job_id)) return false;
  return store_.finish_export_job(job_id, ExportJobState::failed,
                                  "the server running it stopped before it finished", clock_());
}

std::optional<ExportJob> BulkExports::status(const std::string& job_id) {
  auto job = store_.export_job(job_id);
  if (job && job->state == ExportJobState::running && fail_if_abandoned(job_id)) {
    job = store_.export_job(job_id);
  }
  return job;
}

bool BulkExports::cancel(const std::string& job_id) {
  std::shared_ptr<Job> job;
  {
    std::lock_guard lock(mutex_);
    if (const auto found = jobs_.find(job_id); found != jobs_.end()) {
      job = found->second;
      jobs_.erase(found);
    }
  }
  if (job) {
    job->thread.request_stop();
    if (job->thread.joinable()) job->thread.join();
  }
  // A job running on another server stops at its next page, finding its row gone.
  const bool removed = store_.remove_export_job(job_id);
  join_ended_jobs();
  return removed || job != nullptr;
}

std::optional<std::string> BulkExports::file(const std::string& job_id, const std::string& name) {
  const auto job = store_.export_job(job_id);
  if (!job || job->state != ExportJobState::done) return std::nullopt;
  return store_.export_file(job_id, name);
}

void BulkExports::join_ended_jobs() {
  std::vector<std::shared_ptr<Job>> ended;
  std::set<std::string> running;
  {
    std::lock_guard lock(mutex_);
    for (auto it = jobs_.begin(); it != jobs_.end();) {
      if (it->second->ended) {
        ended.push_back(it->second);
        it = jobs_.erase(it);
      } else {
        running.insert((it++)->first);
      }
    }
  }
  for (const auto& job : ended) {
    if (job->thread.joinable()) job->thread.join();  // not when it never started
  }
  store_.release_all_but(Duty::run_export, running);
}

void BulkExports::expire(UtcTime now) {
  try {
    join_ended_jobs();
    {
      std::lock_guard lock(mutex_);
      if (now.epoch_ms < next_expiry_ms_) return;
      next_expiry_ms_ = now.epoch_ms + kMillisPerMinute;
    }
    const int removed =
        store_.remove_export_jobs_finished_by(UtcTime{now.epoch_ms - kExportKeepMs});
    if (removed > 0) spdlog::info("removed {} bulk exports finished a day ago", removed);
  } catch (const std::exception& error) {
    spdlog::error("removing old bulk exports failed: {}", error.what());
  }
}

}  // namespace plasticity::server::fhir
