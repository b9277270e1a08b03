#include "outcomes/baseline.h"

namespace plasticity {

std::optional<std::size_t> baseline_index(const std::vector<DatedTotal>& series,
                                          std::optional<UtcTime> first_dose,
                                          const ClinicTimeZone& zone, int window_days) {
  if (!first_dose) {
    for (std::size_t i = 0; i < series.size(); ++i) {
      if (series[i].total) return i;
    }
    return std::nullopt;
  }
  const std::int64_t from = first_dose->epoch_ms - std::int64_t{window_days} * 24 * 3600 * 1000;
  const CalendarDate dose_day = zone.to_local(*first_dose).date;
  std::optional<std::size_t> found;
  for (std::size_t i = 0; i < series.size(); ++i) {
    const DatedTotal& a = series[i];
    if (!a.total || a.at.epoch_ms < from) continue;
    if (dose_day < zone.to_local(a.at).date) break;  // after the first dosing session's day
    found = i;
  }
  return found;
}

}  // namespace plasticity
