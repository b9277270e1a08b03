// `plasticity import`: a clinic's history from another system, as FHIR (a Bundle or NDJSON, as a
// bulk export writes it) or as the CSV files of docs/import.md, in one transaction or not at all.
// --dry-run reads and checks everything and writes nothing. Progress goes to standard error; the
// last line on standard output is the run's counts as JSON.
#include <iostream>

#include "app/clinic_loading.h"
#include "app/commands.h"
#include "server/api.h"
#include "server/imports/import_files.h"
#include "storage/store.h"

namespace plasticity::app {
int import_history(const ImportCommand& command) {
  const auto store = open_records({command.data_dir, command.database});
  if (store == nullptr) return 2;
  const LoadedClinic clinic = load_clinic(command.definitions, command.data_dir, *store, "");
  const auto staff = store->find_staff_by_username(command.as);
  if (!staff || !staff->active || !role_may(staff->role, Permission::import_records)) {
    std::cerr << "error: --as: " << command.as
              << " must be an active staff account whose role may import records (admin)\n";
    return 2;
  }
  std::vector<server::SourceFile> files;
  for (const auto& file : command.files) {
    std::cerr << "reading " << file.string() << "\n";
    try {
      files.push_back({file.filename().string(), read_file(file)});
    } catch (const std::exception& error) {
      std::cerr << "error: " << file.string() << ": " << error.what() << "\n";
      return 2;
    }
  }
  server::Incoming incoming;
  const std::string source = server::read_import_files(
      command.csv ? server::ImportFormat::csv : server::ImportFormat::fhir, files, clinic.protocols,
      clinic.instruments, incoming);
  std::cerr << "read " << incoming.patients.size() << " patients, " << incoming.sessions.size()
            << " sessions, " << incoming.assessments.size() << " assessments; checking\n";
  const UtcTime now = server::system_now();
  const server::ImportContext context{source, staff->id, staff->username, now,
                                      clinic.settings.schedule.time_zone->to_local(now).date};
  AuditEntry audit{0,
                   now,
                   staff->id,
                   staff->username,
                   std::string(to_string(staff->role)),
                   "import.run",
                   "success",
                   std::nullopt,
                   "cli",
                   "local",
                   ""};
  const server::ImportPlan plan = server::import_history(
      incoming, *store, clinic.instruments, clinic.protocols, context, command.dry_run, audit);
  if (!plan.errors.empty()) {
    for (const auto& e : plan.errors) std::cerr << "error: " << e.message << "\n";
    std::cerr << plan.errors.size() << " errors: nothing was imported\n";
    return 3;
  }
  std::cerr << (command.dry_run ? "dry run: nothing was written\n" : "imported\n");
  server::OrderedJson summary = server::import_counts_to_json(plan.counts);
  summary["dry_run"] = command.dry_run;
  std::cout << summary.dump() << "\n";
  return 0;
}

}  // namespace plasticity::app
