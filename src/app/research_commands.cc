// `plasticity export research`: the research export for a scheduled job or a one-off hand-over,
// made exactly as the API makes it (server/research/research_export.h), audited as the command
// line.
#include <fstream>
#include <iostream>

#include "app/clinic_loading.h"
#include "app/commands.h"
#include "interop/csv_text.h"
#include "server/api.h"
#include "server/research/research_export.h"
#include "storage/store.h"

namespace plasticity::app {

int export_research(const ResearchExportCommand& command) {
  if (command.format == "csv" && command.out.empty()) {
    std::cerr << "error: --out: a CSV export is one file a table: name a directory\n";
    return 2;
  }
  const auto store = open_records({command.data_dir, command.database});
  if (store == nullptr) return 2;
  const LoadedClinic clinic = load_clinic(command.definitions, command.data_dir, *store, "");
  const UtcTime now = server::system_now();
  server::ResearchExport research{
      *store,
      clinic.protocols,
      clinic.instruments,
      {server::research_key(command.data_dir / "research_key"),
       clinic.settings.schedule.time_zone->to_local(now).date, command.limited_data_set}};
  const std::size_t k = research.smallest_group();
  const auto refusal = server::k_refusal(k, command.min_k);
  if (refusal && command.override_reason.empty()) {
    std::cerr << "error: --min-k: " << *refusal << " (--override-reason)\n";
    return 3;
  }
  const char* data_set = command.limited_data_set ? "limited_data_set" : "safe_harbor";
  std::map<std::string, std::ofstream> csv;
  std::ofstream file;
  std::ostream* ndjson = &std::cout;
  if (command.format == "csv") {
    std::filesystem::create_directories(command.out);
    for (const auto& table : server::research_tables()) {
      csv[table].open(command.out / (table + ".csv"), std::ios::binary | std::ios::trunc);
      csv[table] << csv_header(server::research_columns(table));
    }
  } else {
    if (!command.out.empty()) {
      file.open(command.out, std::ios::binary | std::ios::trunc);
      ndjson = &file;
    }
    *ndjson << server::research_ndjson_header(k, command.min_k, command.limited_data_set).dump()
            << "\n";
  }
  research.write([&](const std::string& table, const nlohmann::ordered_json& row) {
    if (command.format == "csv") {
      csv[table] << csv_line(server::research_columns(table), row);
      return;
    }
    *ndjson << server::research_ndjson_line(table, row).dump() << "\n";
  });
  ndjson->flush();
  AuditEntry audit{0,
                   now,
                   std::nullopt,
                   "command line",
                   "system",
                   refusal ? "research.export.override" : "research.export",
                   "success",
                   std::nullopt,
                   "cli",
                   "local",
                   std::string(data_set) + " " + command.format + ", smallest group " +
                       std::to_string(k) +
                       (refusal ? "; override: " + command.override_reason : "")};
  audit.shown_patient_ids = research.patient_ids();
  store->append_audit(audit);
  // The export's own time stays out of the data: it is said here, on standard error.
  std::cerr << "research export (" << data_set << ") made " << to_iso8601(now)
            << ": smallest group " << k << "\n";
  return 0;
}

}  // namespace plasticity::app
