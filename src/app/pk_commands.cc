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

namespace {

// The request text from a file or standard input ("-"); std::nullopt (with a message) if
// unreadable.
std::optional<std::string> read_input(const std::string& input) {
  std::stringstream text;
  if (input == "-") {
    text << std::cin.rdbuf();
    return text.str();
  }
  std::ifstream file(input);
  if (!file) {
    std::cerr << "error: --input: cannot read " << input << "\n";
    return std::nullopt;
  }
  text << file.rdbuf();
  return text.str();
}

}  // namespace

int pk_population(const std::string& input, std::size_t n, std::uint64_t seed, int threads) {
  const auto text = read_input(input);
  if (!text) return 2;
  auto parsed = parse_population_request(*text, n, seed, threads);
  if (auto* error = std::get_if<std::string>(&parsed)) {
    std::cerr << "error: " << *error << "\n";
    return 2;
  }
  const auto& request = std::get<pk::PopulationRequest>(parsed);
  std::cout << population_result_json(request, pk::simulate_population(request)) << "\n";
  return 0;
}

int pk_simulate(const std::string& input) {
  const auto text = read_input(input);
  if (!text) return 2;
  auto parsed = parse_pk_request(*text);
  if (auto* error = std::get_if<std::string>(&parsed)) {
    std::cerr << "error: " << *error << "\n";
    return 2;
  }
  const auto& request = std::get<PkRequest>(parsed);
  std::cout << pk_result_json(request, pk::simulate(request.simulation)) << "\n";
  return 0;
}

}  // namespace plasticity::app
