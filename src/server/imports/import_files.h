// The files of one import run, read by their format's reader (fhir_import.h, csv_import.h), for
// the command line and the Import page alike.
#pragma once

#include <string>
#include <vector>

#include "server/imports/import_plan.h"

namespace plasticity::server {

enum class ImportFormat { fhir, csv };

// Reads every file into `incoming` as one run; returns the source its records will name
// ("csv:patients.csv:sessions.csv").
std::string read_import_files(ImportFormat format, const std::vector<SourceFile>& files,
                              const ProtocolCatalog& protocols,
                              const InstrumentCatalog& instruments, Incoming& incoming);

}  // namespace plasticity::server
