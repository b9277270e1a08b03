// A proportion with its Wilson score interval (Wilson 1927; the interval Newcombe 1998 recommends
// for small counts and rates near 0 or 1, and the one R's prop.test gives without continuity
// correction):
//
//   centre = (p + z²/2n) / (1 + z²/n),  half = z·√(p(1−p)/n + z²/4n²) / (1 + z²/n),  z = 1.959964
//
//   Proportion r = wilson(7, 10);   r.rate == 0.7, r.lower ≈ 0.3968, r.upper ≈ 0.8922
#pragma once

namespace plasticity {

struct Proportion {
  int count = 0;
  int denominator = 0;
  double rate = 0;  // 0 when the denominator is 0
  double lower = 0, upper = 0;
};

Proportion wilson(int count, int denominator);

}  // namespace plasticity
