// UtcTime: an instant, as milliseconds since the Unix epoch in UTC. Domain code never reads a
// clock: callers pass a UtcTime in, which keeps every rule testable at any instant.
//
//   UtcTime t{1'700'000'000'000};
//   to_iso8601(t) == "2023-11-14T22:13:20.000Z";
//   parse_iso8601("2023-11-14T22:13:20Z")->epoch_ms == 1'700'000'000'000;
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/calendar_date.h"

namespace plasticity {

struct UtcTime {
  std::int64_t epoch_ms = 0;

  auto operator<=>(const UtcTime&) const = default;
};

constexpr std::int64_t kMillisPerMinute = 60'000;

// Always "YYYY-MM-DDTHH:MM:SS.mmmZ".
std::string to_iso8601(UtcTime time);

// Accepts "YYYY-MM-DDTHH:MM:SS[.fff]Z" or a numeric offset "+HH:MM"/"-HH:MM", and a bare
// "YYYY-MM-DD" (midnight UTC). Anything else, or an impossible date or time, is std::nullopt.
std::optional<UtcTime> parse_iso8601(std::string_view text);

// The UTC calendar day an instant falls on.
CalendarDate utc_date_of(UtcTime time);

}  // namespace plasticity
