// The definition files a clinic supplies: instruments, protocols, alarm rules, screening rules and
// the clinic schedule. Bad files are refused with DefinitionError (or a JSON error); nothing else.
#include <cstdint>
#include <string>

#include "interop/instrument_json.h"
#include "interop/planning_json.h"
#include "interop/protocol_json.h"

using namespace plasticity;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  static const ProtocolCatalog protocols =
      load_protocol_catalog({std::string(PLASTICITY_SOURCE_DIR) + "/src/protocols/definitions"});
  try {
    switch (data[0] % 5) {
      case 0:
        (void)parse_instrument(text);
        break;
      case 1:
        (void)parse_protocol(text);
        break;
      case 2:
        (void)parse_alarm_rules(text);
        break;
      case 3:
        (void)parse_screening_rules(text, protocols);
        break;
      default:
        (void)parse_clinic_schedule(text, protocols);
        break;
    }
  } catch (const DefinitionError&) {
  } catch (const nlohmann::json::exception&) {
  }
  return 0;
}
