// Text cut at every separator, empty parts kept: split("a,,b", ',') == {"a", "", "b"};
// split("", ',') == {""}. Callers that want no empty parts drop them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace plasticity {

std::vector<std::string> split(std::string_view text, char separator);

}  // namespace plasticity
