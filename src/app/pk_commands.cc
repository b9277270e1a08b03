#include <fstream>
#include <iostream>
#include <sstream>

#include "app/commands.h"
#include "interop/pk_json.h"

namespace plasticity::app {

int pk_models() {
  std::cout << pk_models_json() << "\n";
  return 0;
}

int pk_simulate(const std::string& input) {
  std::stringstream text;
  if (input == "-") {
    text << std::cin.rdbuf();
  } else {
    std::ifstream file(input);
    if (!file) {
      std::cerr << "error: --input: cannot read " << input << "\n";
      return 2;
    }
    text << file.rdbuf();
  }
  auto parsed = parse_pk_request(text.str());
  if (auto* error = std::get_if<std::string>(&parsed)) {
    std::cerr << "error: " << *error << "\n";
    return 2;
  }
  const auto& request = std::get<PkRequest>(parsed);
  std::cout << pk_result_json(request, pk::simulate(request.simulation)) << "\n";
  return 0;
}

}  // namespace plasticity::app
