// The standard normal's 97.5th percentile: the z of every 95% interval in src/outcomes (Wilson,
// Kaplan–Meier, the forecast's log-odds), from Boost.Math rather than a typed-in constant.
#pragma once

#include <boost/math/distributions/normal.hpp>

namespace plasticity {

inline double z95() {
  static const double z = boost::math::quantile(boost::math::normal(), 0.975);
  return z;
}

}  // namespace plasticity
