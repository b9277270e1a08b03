#include "outcomes/proportion.h"

#include <cmath>

#include "outcomes/normal.h"

namespace plasticity {

Proportion wilson(int count, int denominator) {
  Proportion result{count, denominator, 0, 0, 0};
  if (denominator <= 0) return result;
  const double z = z95();
  const double n = denominator;
  const double p = count / n;
  const double scale = 1 + z * z / n;
  const double centre = (p + z * z / (2 * n)) / scale;
  const double half = z * std::sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / scale;
  result.rate = p;
  result.lower = std::max(0.0, centre - half);
  result.upper = std::min(1.0, centre + half);
  return result;
}

}  // namespace plasticity
