// A clinic's history from a spreadsheet: patients.csv, sessions.csv and assessments.csv as the
// templates in docs/import/ lay them out (RFC 4180, read with libcsv; the first row names the
// columns), into what the import plan takes (import_plan.h). Sessions and assessments name their
// patient by MRN: one in patients.csv, or one the clinic already has.
#pragma once

#include <string>

#include "interop/instrument_json.h"
#include "interop/protocol_json.h"
#include "server/imports/import_plan.h"

namespace plasticity::server {

// The columns of each file, required first; the rest may be left out or empty.
const std::vector<std::string>& csv_import_columns(const std::string& file);

// Each file is named patients.csv, sessions.csv or assessments.csv.
void read_csv_import(const std::vector<SourceFile>& files, const ProtocolCatalog& protocols,
                     const InstrumentCatalog& instruments, Incoming& incoming);

}  // namespace plasticity::server
