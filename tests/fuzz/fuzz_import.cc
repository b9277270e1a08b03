// A clinic's history as files from outside (server/imports): FHIR Bundles and NDJSON, and the CSV
// files of docs/import.md. Whatever the bytes, reading them gives records or named errors, never
// a crash or an exception.
#include <cstdint>
#include <string>

#include "server/imports/csv_import.h"
#include "server/imports/fhir_import.h"

using namespace plasticity;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  static const ProtocolCatalog protocols =
      load_protocol_catalog({std::string(PLASTICITY_SOURCE_DIR) + "/src/protocols/definitions"});
  static const InstrumentCatalog instruments = load_instrument_catalog(
      {std::string(PLASTICITY_SOURCE_DIR) + "/src/instruments/definitions"});
  server::Incoming incoming;
  static const char* kCsvFiles[] = {"patients.csv", "sessions.csv", "assessments.csv"};
  if (data[0] % 4 == 0) {
    server::read_fhir_import({{"fuzz.ndjson", text}}, protocols, instruments, incoming);
  } else {
    server::read_csv_import({{kCsvFiles[data[0] % 4 - 1], text}}, protocols, instruments,
                            incoming);
  }
  return 0;
}
