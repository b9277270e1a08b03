// The de-identified research export (HIPAA Safe Harbor, 45 CFR 164.514(b)(2)): patients, courses,
// treatment sessions, assessments and vital-sign summaries with none of the 18 identifiers.
//
// - Ids are research ids: a keyed hash of Plasticity's random record id under the clinic's own
//   key (DATA/research_key), never of a name, MRN or date; stable across exports, irreversible
//   without the key, which never leaves the data directory.
// - Dates are years only. The Limited Data Set mode (164.514(e): needs a data use agreement; off
//   by default) adds days from the patient's first treatment session, never a calendar date.
// - Ages over 89 and the birth years that would show them are "90+"; no geography is kept at all.
// - No free text ever (descriptions, notes, reasons), no device ids, no lot numbers.
//
//   ResearchExport e{store, protocols, instruments, {key, today, false}};
//   if (e.smallest_group() < min_k) refuse; else e.write([&](auto& table, auto& row) {...});
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "interop/instrument_json.h"
#include "interop/protocol_json.h"
#include "server/http/request_support.h"

namespace plasticity::server {

struct ResearchExportOptions {
  std::string key;     // the clinic's research key (hex)
  CalendarDate today;  // ages are reckoned on each patient's first treatment, else today
  bool limited_data_set = false;
};

// The tables in the order they are written, and each table's columns.
const std::vector<std::string>& research_tables();
const std::vector<std::string>& research_columns(const std::string& table);

class ResearchExport {
 public:
  ResearchExport(Store& store, const ProtocolCatalog& protocols,
                 const InstrumentCatalog& instruments, ResearchExportOptions options);

  // How many patients share the rarest combination of birth-year band (10 years, or 90+), sex
  // and first-listed diagnosis category (ICD-10, 3 characters): the export's k.
  std::size_t smallest_group();
  // Every patient in the export (for the audit trail, which is not exported).
  const std::vector<std::string>& patient_ids();

  // Every row of every table, table by table, to `row(table, values)`.
  void write(const std::function<void(const std::string&, const OrderedJson&)>& row);

 private:
  void load_patients();

  Store& store_;
  const ProtocolCatalog& protocols_;
  const InstrumentCatalog& instruments_;
  ResearchExportOptions options_;
  bool loaded_ = false;
  std::vector<std::pair<std::string, PatientRecord>> patients_;  // research id, record
  std::vector<std::string> ids_;
};

// NDJSON: the first line (what the file is, its k) and a row as a line naming its table.
OrderedJson research_ndjson_header(std::size_t smallest_group, int min_k, bool limited_data_set);
OrderedJson research_ndjson_line(const std::string& table, const OrderedJson& row);

// Why an export with smallest group `k` may not go out under the clinic's `min_k` (k-anonymity),
// or nullopt when it may (an empty clinic exports nothing, so it may).
std::optional<std::string> k_refusal(std::size_t k, int min_k);

// The clinic's research key in `file`, made (256 random bits, mode 0600) when there is none.
std::string research_key(const std::filesystem::path& file);

}  // namespace plasticity::server
