// FHIR bulk export jobs and their files (areas/export_store.h): the statements and the tables'
// schema, written once for both engines (see audit_statements.h).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "storage/areas/common.h"
#include "storage/areas/export_store.h"

namespace plasticity::statements {

// The same DDL on both engines: SQLite reads BIGINT as INTEGER and keeps a bound blob as it is in
// a BYTEA column. At most one job runs at a time, clinic-wide: the partial unique index holds only
// running jobs.
inline constexpr std::string_view kExportJobsSchema = R"sql(
CREATE TABLE fhir_export_jobs (
  id TEXT PRIMARY KEY,
  staff_id BIGINT NOT NULL,
  request_url TEXT NOT NULL,
  base_url TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('running', 'done', 'failed')),
  patients_done BIGINT NOT NULL DEFAULT 0,
  resources BIGINT NOT NULL DEFAULT 0,
  error TEXT NOT NULL DEFAULT '',
  transaction_time BIGINT NOT NULL,
  finished_at BIGINT
);
CREATE UNIQUE INDEX fhir_export_jobs_one_running ON fhir_export_jobs (state)
  WHERE state = 'running';
CREATE INDEX fhir_export_jobs_finished ON fhir_export_jobs (finished_at);
CREATE TABLE fhir_export_files (
  job_id TEXT NOT NULL,
  name TEXT NOT NULL,
  position BIGINT NOT NULL,
  type TEXT NOT NULL,
  resource_count BIGINT NOT NULL,
  bytes BYTEA NOT NULL,
  PRIMARY KEY (job_id, name)
);
)sql";

inline const char* export_state_name(ExportJobState state) {
  switch (state) {
    case ExportJobState::running:
      return "running";
    case ExportJobState::done:
      return "done";
    case ExportJobState::failed:
      return "failed";
  }
  return "failed";
}

inline ExportJobState export_state(const std::string& name) {
  if (name == "running") return ExportJobState::running;
  if (name == "done") return ExportJobState::done;
  if (name == "failed") return ExportJobState::failed;
  throw StoreError("an export job is in an unknown state: " + name);
}

template <class Statement, class Connection>
void insert_export_job(Connection& db, const ExportJob& job) {
  Statement{db,
            "INSERT INTO fhir_export_jobs (id, staff_id, request_url, base_url, state, "
            "transaction_time) VALUES (?, ?, ?, ?, 'running', ?)"}
      .bind(1, job.id)
      .bind(2, job.staff_id)
      .bind(3, job.request_url)
      .bind(4, job.base_url)
      .bind(5, job.transaction_time.epoch_ms)
      .run();
}

template <class Statement, class Connection>
bool update_export_progress(Connection& db, const std::string& id, std::int64_t patients_done,
                            std::int64_t resources) {
  return Statement{db,
                   "UPDATE fhir_export_jobs SET patients_done = ?, resources = ? "
                   "WHERE id = ? AND state = 'running'"}
             .bind(1, patients_done)
             .bind(2, resources)
             .bind(3, id)
             .run() == 1;
}

template <class Statement, class Connection>
bool insert_export_file(Connection& db, const std::string& id, const ExportFile& file,
                        const std::string& bytes) {
  Statement running{db, "SELECT 1 FROM fhir_export_jobs WHERE id = ? AND state = 'running'"};
  if (!running.bind(1, id).step()) return false;
  Statement{db,
            "INSERT INTO fhir_export_files (job_id, name, position, type, resource_count, bytes) "
            "VALUES (?1, ?2, (SELECT count(*) FROM fhir_export_files WHERE job_id = ?1), ?3, ?4, "
            "?5)"}
      .bind(1, id)
      .bind(2, file.name)
      .bind(3, file.type)
      .bind(4, file.count)
      .bind_blob(5, bytes)
      .run();
  return true;
}

template <class Statement, class Connection>
bool update_export_finished(Connection& db, const std::string& id, ExportJobState state,
                            const std::string& error, UtcTime at) {
  return Statement{db,
                   "UPDATE fhir_export_jobs SET state = ?, error = ?, finished_at = ? "
                   "WHERE id = ? AND state = 'running'"}
             .bind(1, std::string_view(export_state_name(state)))
             .bind(2, error)
             .bind(3, at.epoch_ms)
             .bind(4, id)
             .run() == 1;
}

template <class Statement, class Connection>
std::optional<ExportJob> select_export_job(Connection& db, const std::string& id) {
  Statement st{db,
               "SELECT staff_id, request_url, base_url, state, patients_done, resources, error, "
               "transaction_time, finished_at FROM fhir_export_jobs WHERE id = ?"};
  if (!st.bind(1, id).step()) return std::nullopt;
  ExportJob job;
  job.id = id;
  job.staff_id = st.integer(0);
  job.request_url = st.text(1);
  job.base_url = st.text(2);
  job.state = export_state(st.text(3));
  job.patients_done = st.integer(4);
  job.resources = st.integer(5);
  job.error = st.text(6);
  job.transaction_time = UtcTime{st.integer(7)};
  if (!st.is_null(8)) job.finished_at = UtcTime{st.integer(8)};
  Statement files{db,
                  "SELECT type, name, resource_count FROM fhir_export_files WHERE job_id = ? "
                  "ORDER BY position"};
  files.bind(1, id);
  while (files.step()) job.files.push_back({files.text(0), files.text(1), files.integer(2)});
  return job;
}

template <class Statement, class Connection>
std::optional<std::string> select_running_export_job(Connection& db) {
  Statement st{db, "SELECT id FROM fhir_export_jobs WHERE state = 'running'"};
  if (!st.step()) return std::nullopt;
  return st.text(0);
}

template <class Statement, class Connection>
std::optional<std::string> select_export_file(Connection& db, const std::string& id,
                                              const std::string& name) {
  Statement st{db, "SELECT bytes FROM fhir_export_files WHERE job_id = ? AND name = ?"};
  if (!st.bind(1, id).bind(2, name).step()) return std::nullopt;
  return st.blob(0);
}

template <class Statement, class Connection>
bool delete_export_job(Connection& db, const std::string& id) {
  Statement{db, "DELETE FROM fhir_export_files WHERE job_id = ?"}.bind(1, id).run();
  return Statement{db, "DELETE FROM fhir_export_jobs WHERE id = ?"}.bind(1, id).run() == 1;
}

template <class Statement, class Connection>
int delete_export_jobs_finished_by(Connection& db, UtcTime before) {
  const int jobs = Statement{db, "DELETE FROM fhir_export_jobs WHERE finished_at <= ?"}
                       .bind(1, before.epoch_ms)
                       .run();
  Statement{db,
            "DELETE FROM fhir_export_files WHERE NOT EXISTS (SELECT 1 FROM fhir_export_jobs j "
            "WHERE j.id = fhir_export_files.job_id)"}
      .run();
  return jobs;
}

}  // namespace plasticity::statements
