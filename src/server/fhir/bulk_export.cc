#include "server/fhir/bulk_export.h"

#include <spdlog/spdlog.h>

#include <fstream>

#include "server/http/credentials.h"

namespace plasticity::server::fhir {

struct BulkExports::Job {
  std::string id;
  ExportStatus status;  // guarded by BulkExports::mutex_
  std::jthread thread;
};

namespace {

// One NDJSON file per type at a time, a new one after kResourcesPerFile resources.
class NdjsonFiles {
 public:
  explicit NdjsonFiles(std::filesystem::path directory) : directory_(std::move(directory)) {}

  void write(const FhirResource& resource) {
    Open& open = files_[resource.type];
    if (!open.stream.is_open() || open.output.count == kResourcesPerFile) {
      finish(open);
      open.output = {resource.type, resource.type + "-" + std::to_string(++open.files) + ".ndjson",
                     0};
      open.stream.open(directory_ / open.output.file, std::ios::binary | std::ios::trunc);
      if (!open.stream) throw std::runtime_error("cannot write " + open.output.file);
    }
    open.stream << resource.json.dump() << '\n';
    ++open.output.count;
  }

  // Every file closed, listed in the order of `types`.
  std::vector<ExportOutput> close(const std::vector<std::string>& types) {
    for (auto& [type, open] : files_) finish(open);
    std::vector<ExportOutput> ordered;
    for (const auto& type : types) {
      for (const auto& output : done_) {
        if (output.type == type) ordered.push_back(output);
      }
    }
    return ordered;
  }

 private:
  struct Open {
    std::ofstream stream;
    ExportOutput output;
    int files = 0;
  };
  void finish(Open& open) {
    if (!open.stream.is_open()) return;
    open.stream.close();
    if (!open.stream) throw std::runtime_error("cannot finish " + open.output.file);
    done_.push_back(open.output);
  }

  std::filesystem::path directory_;
  std::map<std::string, Open> files_;
  std::vector<ExportOutput> done_;
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
                         const ProtocolCatalog& protocols, std::filesystem::path directory,
                         std::function<UtcTime()> clock)
    : store_(store),
      instruments_(instruments),
      protocols_(protocols),
      directory_(std::move(directory)),
      clock_(std::move(clock)) {
  if (directory_.empty()) return;
  std::error_code ignored;
  std::filesystem::remove_all(directory_, ignored);  // no poll can reach an earlier process's jobs
}

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
  std::lock_guard lock(mutex_);
  for (const auto& [id, job] : jobs_) {
    if (job->status.state == ExportStatus::State::running) return std::nullopt;
  }
  auto job = std::make_shared<Job>();
  job->id = new_random_id();
  job->status.staff_id = request.audit.staff_id.value_or(0);
  job->status.transaction_time = now;
  job->status.request = std::move(request);
  std::filesystem::create_directories(directory_ / job->id);
  jobs_[job->id] = job;
  // The stop token comes in as an argument: the thread may start before `job->thread` is set.
  job->thread = std::jthread(
      [this, raw = job.get(), schedule](std::stop_token stop) { run(*raw, schedule, stop); });
  return job->id;
}

void BulkExports::run(Job& job, std::shared_ptr<const ClinicSchedule> schedule,
                      std::stop_token stop) {
  ExportRequest request;
  {
    std::lock_guard lock(mutex_);
    request = job.status.request;
  }
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
    NdjsonFiles files(directory_ / job.id);
    const ChartSources sources{store_, instruments_, protocols_, *schedule};
    PatientQuery query;
    query.limit = 100;
    while (!compartment.empty() && !stop.stop_requested()) {
      const PatientPage page = store_.search_patients(query);
      AuditEntry audit = request.audit;
      audit.action = "fhir.export";
      audit.outcome = "success";
      std::size_t written = 0;
      for (const auto& patient : page.patients) {
        bool any = false;
        for (const auto& resource : patient_resources(sources, patient, compartment)) {
          if (request.since && resource.last_updated < *request.since) continue;
          files.write(resource);
          any = true;
          ++written;
        }
        if (any) audit.shown_patient_ids.push_back(patient.id);
      }
      if (!audit.shown_patient_ids.empty()) {
        audit.at = clock_();
        audit.detail = "bulk export " + job.id + ": " +
                       std::to_string(audit.shown_patient_ids.size()) + " patients";
        store_.append_audit(audit);
      }
      {
        std::lock_guard lock(mutex_);
        job.status.patients_done += page.patients.size();
        job.status.resources += written;
      }
      if (!page.has_more) break;
      query.after_patient_id = page.patients.back().id;
    }
    if (std::find(types.begin(), types.end(), "Questionnaire") != types.end()) {
      for (const auto& [id, entry] : instruments_.all()) {
        const FhirResource q = questionnaire(entry.instrument, UtcTime{0});
        files.write(q);
      }
    }
    auto outputs = files.close(types);
    std::lock_guard lock(mutex_);
    job.status.outputs = std::move(outputs);
    job.status.state = ExportStatus::State::done;
    job.status.finished_at = clock_();
  } catch (const std::exception& error) {
    spdlog::error("bulk export {} failed: {}", job.id, error.what());
    std::lock_guard lock(mutex_);
    job.status.state = ExportStatus::State::failed;
    job.status.error = error.what();
    job.status.finished_at = clock_();
  }
}

std::optional<ExportStatus> BulkExports::status(const std::string& job_id) {
  std::lock_guard lock(mutex_);
  const auto found = jobs_.find(job_id);
  if (found == jobs_.end()) return std::nullopt;
  return found->second->status;
}

bool BulkExports::cancel(const std::string& job_id) {
  std::shared_ptr<Job> job;
  {
    std::lock_guard lock(mutex_);
    const auto found = jobs_.find(job_id);
    if (found == jobs_.end()) return false;
    job = found->second;
    jobs_.erase(found);
  }
  job->thread.request_stop();
  if (job->thread.joinable()) job->thread.join();
  std::error_code ignored;
  std::filesystem::remove_all(directory_ / job_id, ignored);
  return true;
}

std::optional<std::filesystem::path> BulkExports::file(const std::string& job_id,
                                                       const std::string& name) {
  std::lock_guard lock(mutex_);
  const auto found = jobs_.find(job_id);
  if (found == jobs_.end() || found->second->status.state != ExportStatus::State::done) {
    return std::nullopt;
  }
  for (const auto& output : found->second->status.outputs) {
    if (output.file == name) return directory_ / job_id / name;  // only names the job listed
  }
  return std::nullopt;
}

void BulkExports::expire(UtcTime now) {
  std::vector<std::string> expired;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [id, job] : jobs_) {
      const auto& finished = job->status.finished_at;
      if (finished && finished->epoch_ms + kExportKeepMs <= now.epoch_ms) expired.push_back(id);
    }
  }
  for (const auto& id : expired) cancel(id);
}

}  // namespace plasticity::server::fhir
