// The one row a lookup by key found, if any: for the areas' find_* methods on either engine.
#pragma once

#include <optional>
#include <vector>

namespace plasticity::statements {

template <class T>
std::optional<T> first_of(std::vector<T> rows) {
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

}  // namespace plasticity::statements
