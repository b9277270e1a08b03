#include "outcomes/safe_harbor.h"

#include <algorithm>

namespace plasticity {

std::string age_text(const CalendarDate& birth, const CalendarDate& on) {
  const int age = whole_years_between(birth, on);
  return age > kSafeHarborMaxAge ? "90+" : std::to_string(age);
}

std::string birth_year_text(const CalendarDate& birth, const CalendarDate& on) {
  return whole_years_between(birth, on) > kSafeHarborMaxAge ? "" : std::to_string(birth.year);
}

std::string birth_band(const CalendarDate& birth, const CalendarDate& on) {
  if (whole_years_between(birth, on) > kSafeHarborMaxAge) return "90+";
  const int start = birth.year - birth.year % 10;
  return std::to_string(start) + "-" + std::to_string(start + 9);
}

std::size_t smallest_group(const std::vector<std::string>& keys) {
  std::map<std::string, std::size_t> counts;
  for (const auto& key : keys) ++counts[key];
  std::size_t smallest = 0;
  for (const auto& [key, count] : counts) {
    if (smallest == 0 || count < smallest) smallest = count;
  }
  return smallest;
}

}  // namespace plasticity
