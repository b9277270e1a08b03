// Instrument definitions from JSON (the format of src/instruments/definitions/*.json, documented
// in docs/instruments.md), and the catalog: the shipped definitions, each replaced whole by a
// clinic's file with the same id in its data directory (licensed item text, other cut-offs).
//
//   InstrumentCatalog catalog = load_instrument_catalog({shipped_dir, data_dir / "instruments"});
//   const Instrument& phq9 = catalog.find("phq9")->instrument;
#pragma once

#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "instruments/instrument.h"
#include "interop/json_fields.h"

namespace plasticity {

// Throws DefinitionError naming the field (e.g. "items/3/options: must be a non-empty list").
Instrument parse_instrument(const std::string& json_text);

// The loaded definitions, each with the JSON it came from (the API serves that text as is, notes
// on sources and licences included).
class InstrumentCatalog {
 public:
  struct Entry {
    Instrument instrument;
    std::string definition_json;
  };

  void add(Instrument instrument, std::string definition_json) {
    const std::string id = instrument.id;
    by_id_[id] = Entry{std::move(instrument), std::move(definition_json)};
  }
  const Entry* find(const std::string& id) const {
    auto it = by_id_.find(id);
    return it == by_id_.end() ? nullptr : &it->second;
  }
  const std::map<std::string, Entry>& all() const { return by_id_; }

 private:
  std::map<std::string, Entry> by_id_;
};

// Loads every *.json in each directory in turn (missing directories are skipped); a later file
// with the same id replaces an earlier one. Throws DefinitionError naming the file.
InstrumentCatalog load_instrument_catalog(const std::vector<std::filesystem::path>& directories);

}  // namespace plasticity
