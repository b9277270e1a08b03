// FHIR bulk export jobs written once for both engines: each method one transaction around the
// shared statements (export_statements.h). `Engine` and `Statement` as in staff_area.h.
#pragma once

#include "storage/areas/export_store.h"
#include "storage/statements/export_statements.h"
#include "storage/zstd_frame.h"

namespace plasticity {

template <class Engine, class Statement>
class ExportArea : public virtual ExportJobStore {
 public:
  bool start_export_job(const ExportJob& job) final {
    try {
      engine().write([&](auto& db) { statements::insert_export_job<Statement>(db, job); });
      return true;
    } catch (const UniqueViolation&) {
      return false;  // another job is running
    }
  }

  bool record_export_progress(const std::string& id, std::int64_t patients_done,
                              std::int64_t resources) final {
    return engine().write([&](auto& db) {
      return statements::update_export_progress<Statement>(db, id, patients_done, resources);
    });
  }

  bool add_export_file(const std::string& id, const ExportFile& file,
                       const std::string& ndjson) final {
    const std::string bytes = zstd_compress(ndjson);  // before the transaction: it takes a while
    return engine().write(
        [&](auto& db) { return statements::insert_export_file<Statement>(db, id, file, bytes); });
  }

  bool finish_export_job(const std::string& id, ExportJobState state, const std::string& error,
                         UtcTime at) final {
    return engine().write([&](auto& db) {
      return statements::update_export_finished<Statement>(db, id, state, error, at);
    });
  }

  std::optional<ExportJob> export_job(const std::string& id) final {
    return engine().read(
        [&](auto& db) { return statements::select_export_job<Statement>(db, id); });
  }

  std::optional<std::string> running_export_job() final {
    return engine().read(
        [&](auto& db) { return statements::select_running_export_job<Statement>(db); });
  }

  std::optional<std::string> export_file(const std::string& id, const std::string& name) final {
    const auto bytes = engine().read(
        [&](auto& db) { return statements::select_export_file<Statement>(db, id, name); });
    if (!bytes) return std::nullopt;
    try {
      return zstd_decompress(*bytes, kLargestFile);
    } catch (const std::runtime_error& damage) {
      throw StoreError("export " + id + " file " + name + " is damaged: " + damage.what());
    }
  }

  bool remove_export_job(const std::string& id) final {
    return engine().write(
        [&](auto& db) { return statements::delete_export_job<Statement>(db, id); });
  }

  int remove_export_jobs_finished_by(UtcTime before) final {
    return engine().write([&](auto& db) {
      return statements::delete_export_jobs_finished_by<Statement>(db, before);
    });
  }

 private:
  static constexpr std::size_t kLargestFile = std::size_t{1} << 31;
  Engine& engine() { return static_cast<Engine&>(*this); }
};

}  // namespace plasticity
