// The nullable column reads both engines' Statements share: each engine says whether a column is
// NULL and how to read its value; a NULL becomes an empty optional the same way on both.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace plasticity {

template <class Statement>
class OptionalColumns {
 public:
  std::optional<std::string> optional_text(int column) const {
    if (self().is_null(column)) return std::nullopt;
    return self().text(column);
  }
  std::optional<double> optional_real(int column) const {
    if (self().is_null(column)) return std::nullopt;
    return self().real(column);
  }
  std::optional<std::int64_t> optional_integer(int column) const {
    if (self().is_null(column)) return std::nullopt;
    return self().integer(column);
  }

 private:
  const Statement& self() const { return static_cast<const Statement&>(*this); }
};

}  // namespace plasticity
