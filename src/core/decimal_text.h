// A number as messages and notes write it: rounded to at most `decimals` places, without trailing
// zeros ("40.6", "41.25", "120"), never in exponent form.
//
//   decimal_text(41.2500001, 3) == "41.25"
#pragma once

#include <string>

namespace plasticity {

std::string decimal_text(double value, int decimals);

}  // namespace plasticity
