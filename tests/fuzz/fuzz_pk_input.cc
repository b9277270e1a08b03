// The PK command's JSON input (plasticity pk simulate / population): refused with a reason, or a
// request the engine simulates within its limits.
#include <cstdint>
#include <string>
#include <variant>

#include "interop/pk_json.h"
#include "pharmacology/simulation.h"

using namespace plasticity;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const auto parsed = parse_pk_request(text);
  if (const auto* request = std::get_if<PkRequest>(&parsed)) {
    (void)pk_result_json(*request, pk::simulate(request->simulation));
  }
  (void)parse_population_request(text, 100, 1, 1);
  return 0;
}
