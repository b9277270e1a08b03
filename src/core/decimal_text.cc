#include "core/decimal_text.h"

#include <cmath>

namespace plasticity {

std::string decimal_text(double value, int decimals) {
  const double scale = std::pow(10.0, decimals);
  std::string text = std::to_string(std::round(value * scale) / scale);
  text.erase(text.find_last_not_of('0') + 1);
  if (text.back() == '.') text.pop_back();
  return text;
}

}  // namespace plasticity
