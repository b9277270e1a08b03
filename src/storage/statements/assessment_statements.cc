#include "storage/statements/assessment_statements.h"

namespace plasticity::statements {

std::string join_instruments(const std::vector<std::string>& values) {
  std::string joined;
  for (const auto& value : values) joined += (joined.empty() ? "" : ",") + value;
  return joined;
}

std::vector<std::string> split_instruments(const std::string& joined) {
  std::vector<std::string> values;
  std::size_t start = 0;
  while (start <= joined.size() && !joined.empty()) {
    const std::size_t comma = std::min(joined.find(',', start), joined.size());
    values.push_back(joined.substr(start, comma - start));
    start = comma + 1;
  }
  return values;
}

}  // namespace plasticity::statements
