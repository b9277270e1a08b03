#include "core/utc_time.h"

#include <cctype>
#include <chrono>
#include <cstdio>

namespace plasticity {
namespace {

using std::chrono::days;
using std::chrono::milliseconds;
using std::chrono::sys_days;

// Reads `count` digits at `pos`, or -1 when they are not all digits.
int read_digits(std::string_view text, std::size_t pos, std::size_t count) {
  if (pos + count > text.size()) return -1;
  int value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

std::int64_t epoch_ms_of(const CalendarDate& date) {
  const std::chrono::year_month_day ymd{std::chrono::year{date.year},
                                        std::chrono::month{static_cast<unsigned>(date.month)},
                                        std::chrono::day{static_cast<unsigned>(date.day)}};
  return std::chrono::duration_cast<milliseconds>(sys_days{ymd}.time_since_epoch()).count();
}

// Parses the part after "YYYY-MM-DDT": "HH:MM:SS[.fff](Z|+HH:MM|-HH:MM)" into milliseconds after
// midnight UTC of that date (which may be negative or past a day once the offset is applied).
std::optional<std::int64_t> parse_time_of_day_ms(std::string_view text) {
  const int hour = read_digits(text, 0, 2), minute = read_digits(text, 3, 2),
            second = read_digits(text, 6, 2);
  if (hour < 0 || minute < 0 || second < 0 || text[2] != ':' || text[5] != ':') return std::nullopt;
  if (hour > 23 || minute > 59 || second > 59) return std::nullopt;
  std::int64_t ms = ((hour * 60LL + minute) * 60LL + second) * 1000LL;
  std::size_t pos = 8;
  if (pos < text.size() && text[pos] == '.') {
    std::size_t digits = 0;
    std::int64_t fraction = 0;
    for (++pos; pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos])); ++pos) {
      if (digits < 3) fraction = fraction * 10 + (text[pos] - '0');
      ++digits;
    }
    if (digits == 0) return std::nullopt;
    for (std::size_t d = digits; d < 3; ++d) fraction *= 10;
    ms += fraction;
  }
  const std::string_view zone = text.substr(pos);
  if (zone == "Z") return ms;
  if (zone.size() != 6 || (zone[0] != '+' && zone[0] != '-') || zone[3] != ':') return std::nullopt;
  const int offset_hours = read_digits(zone, 1, 2), offset_minutes = read_digits(zone, 4, 2);
  if (offset_hours < 0 || offset_minutes < 0 || offset_hours > 14 || offset_minutes > 59) {
    return std::nullopt;
  }
  const std::int64_t offset_ms = (offset_hours * 60LL + offset_minutes) * kMillisPerMinute;
  return zone[0] == '+' ? ms - offset_ms : ms + offset_ms;
}

// Writes `value` as exactly `width` digits ending before `end`.
void put_digits(char* end, std::int64_t value, int width) {
  for (int i = 0; i < width; ++i, value /= 10) *--end = static_cast<char>('0' + value % 10);
}

}  // namespace

std::string to_iso8601(UtcTime time) {
  const milliseconds since_epoch{time.epoch_ms};
  const auto day = std::chrono::floor<days>(since_epoch);
  const std::chrono::year_month_day ymd{sys_days{day}};
  const std::int64_t ms_of_day = (since_epoch - day).count();
  const int year = static_cast<int>(ymd.year());
  if (year >= 0 && year <= 9999) {
    // Every field has a fixed width: filled in place, not by printf (a live feed writes two of
    // these per vital sign, and printf was most of the cost of building its frame).
    std::string text = "0000-00-00T00:00:00.000Z";
    char* at = text.data();
    put_digits(at + 4, year, 4);
    put_digits(at + 7, static_cast<unsigned>(ymd.month()), 2);
    put_digits(at + 10, static_cast<unsigned>(ymd.day()), 2);
    put_digits(at + 13, ms_of_day / 3'600'000, 2);
    put_digits(at + 16, ms_of_day / 60'000 % 60, 2);
    put_digits(at + 19, ms_of_day / 1000 % 60, 2);
    put_digits(at + 23, ms_of_day % 1000, 3);
    return text;
  }
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02lld:%02lld:%02lld.%03lldZ",
                static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()), static_cast<long long>(ms_of_day / 3'600'000),
                static_cast<long long>(ms_of_day / 60'000 % 60),
                static_cast<long long>(ms_of_day / 1000 % 60),
                static_cast<long long>(ms_of_day % 1000));
  return buffer;
}

std::optional<UtcTime> parse_iso8601(std::string_view text) {
  const auto date = parse_iso_date(text.substr(0, 10));
  if (!date) return std::nullopt;
  if (text.size() == 10) return UtcTime{epoch_ms_of(*date)};
  if (text[10] != 'T') return std::nullopt;
  const auto ms_of_day = parse_time_of_day_ms(text.substr(11));
  if (!ms_of_day) return std::nullopt;
  return UtcTime{epoch_ms_of(*date) + *ms_of_day};
}

CalendarDate utc_date_of(UtcTime time) {
  const auto day = std::chrono::floor<days>(milliseconds{time.epoch_ms});
  const std::chrono::year_month_day ymd{sys_days{day}};
  return CalendarDate{static_cast<int>(ymd.year()),
                      static_cast<int>(static_cast<unsigned>(ymd.month())),
                      static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

}  // namespace plasticity
