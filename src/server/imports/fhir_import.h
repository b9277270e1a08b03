// A clinic's history as FHIR R4, read into what the import plan takes (import_plan.h): a
// transaction, batch or collection Bundle, or NDJSON (one resource a line, as a bulk export
// writes it). What is read, and how, is in docs/fhir.md ("Import"); the resources Plasticity
// exports read back as the same records.
#pragma once

#include <string>

#include "interop/instrument_json.h"
#include "interop/protocol_json.h"
#include "server/imports/import_plan.h"

namespace plasticity::server {

// Adds every record of the files to `incoming`, references resolved across all of them (a bulk
// export writes one file per type); errors name the line or Bundle entry, the resource and the
// field.
void read_fhir_import(const std::vector<SourceFile>& files, const ProtocolCatalog& protocols,
                      const InstrumentCatalog& instruments, Incoming& incoming);

}  // namespace plasticity::server
