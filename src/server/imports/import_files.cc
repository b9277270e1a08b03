#include "server/imports/import_files.h"

#include "server/imports/csv_import.h"
#include "server/imports/fhir_import.h"

namespace plasticity::server {

std::string read_import_files(ImportFormat format, const std::vector<SourceFile>& files,
                              const ProtocolCatalog& protocols,
                              const InstrumentCatalog& instruments, Incoming& incoming) {
  std::string source = format == ImportFormat::csv ? "csv" : "fhir";
  for (const auto& file : files) source += ":" + file.name;
  if (format == ImportFormat::csv) {
    read_csv_import(files, protocols, instruments, incoming);
  } else {
    read_fhir_import(files, protocols, instruments, incoming);
  }
  return source;
}

}  // namespace plasticity::server
