#include "core/calendar_date.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>

namespace plasticity {
namespace {

bool all_digits(std::string_view text) {
  for (char c : text) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return !text.empty();
}

int to_int(std::string_view digits) {
  int value = 0;
  for (char c : digits) value = value * 10 + (c - '0');
  return value;
}

}  // namespace

std::optional<CalendarDate> parse_iso_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  std::string_view year = text.substr(0, 4), month = text.substr(5, 2), day = text.substr(8, 2);
  if (!all_digits(year) || !all_digits(month) || !all_digits(day)) return std::nullopt;
  CalendarDate date{to_int(year), to_int(month), to_int(day)};
  const std::chrono::year_month_day ymd{std::chrono::year{date.year},
                                        std::chrono::month{static_cast<unsigned>(date.month)},
                                        std::chrono::day{static_cast<unsigned>(date.day)}};
  if (!ymd.ok()) return std::nullopt;
  return date;
}

std::string to_iso_string(const CalendarDate& date) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", date.year, date.month, date.day);
  return buffer;
}

CalendarDate add_months(const CalendarDate& date, int months) {
  using namespace std::chrono;
  const year_month moved =
      year{date.year} / month{static_cast<unsigned>(date.month)} + std::chrono::months{months};
  const unsigned last =
      static_cast<unsigned>(year_month_day_last{moved.year(), month_day_last{moved.month()}}.day());
  return {static_cast<int>(moved.year()), static_cast<int>(static_cast<unsigned>(moved.month())),
          static_cast<int>(std::min(static_cast<unsigned>(date.day), last))};
}

int whole_years_between(const CalendarDate& birth, const CalendarDate& on) {
  int years = on.year - birth.year;
  if (on.month < birth.month || (on.month == birth.month && on.day < birth.day)) --years;
  return years;
}

}  // namespace plasticity
