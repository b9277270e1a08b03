// Treatment protocols from JSON (src/protocols/definitions/*.json, format in docs/protocols.md):
// one file per protocol, plus alarm_rules.json with the rules every protocol uses before its own.
// A clinic replaces any file whole with its own of the same name in DATA/protocols/.
//
//   ProtocolCatalog protocols = load_protocol_catalog({shipped_dir, data_dir / "protocols"});
//   const Protocol* iv = protocols.find("iv_ketamine");
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "interop/json_fields.h"
#include "protocols/protocol.h"

namespace plasticity {

// Throws DefinitionError naming the field (e.g. "alarm_rules/2/kind: unknown vital sign 'bp'").
Protocol parse_protocol(const std::string& json_text);
std::vector<AlarmRule> parse_alarm_rules(const std::string& json_text);

class ProtocolCatalog {
 public:
  void add(Protocol protocol) { by_id_[protocol.id] = std::move(protocol); }
  const Protocol* find(const std::string& id) const {
    auto it = by_id_.find(id);
    return it == by_id_.end() ? nullptr : &it->second;
  }
  const std::map<std::string, Protocol>& all() const { return by_id_; }

 private:
  std::map<std::string, Protocol> by_id_;
};

// Each protocol's alarm rules are the shared rules followed by its own; a protocol rule with the
// id of a shared one replaces it. Throws DefinitionError naming the file.
ProtocolCatalog load_protocol_catalog(const std::vector<std::filesystem::path>& directories);

}  // namespace plasticity
