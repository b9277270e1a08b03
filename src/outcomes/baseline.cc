#include "outcomes/baseline.h"

namespace plasticity {

std::optional<std::size_t> baseline_index(const std::vector<DatedTotal>& series,
                                          std::optional<UtcTime> first_dose, int window_days) {
  if (!first_dose) {
    for (std::size_t i = 0; i < series.size(); ++i) {
      if (series[i].total) return i;
    }
    return std::nullopt;
  }
  const std::int64_t from = first_dose->epoch_ms - std::int64_t{window_days} * 24 * 3600 * 1000;
  std::optional<std::size_t> found;
  for (std::size_t i = 0; i < series.size(); ++i) {
    const DatedTotal& a = series[i];
    if (*first_dose < a.at) break;  // after the first dose: a follow-up, never the baseline
    if (a.total && a.at.epoch_ms >= from) found = i;
  }
  return found;
}

}  // namespace plasticity
