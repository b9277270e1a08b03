#include "instruments/instrument.h"

#include <algorithm>

namespace plasticity {

const InstrumentItem* Instrument::item(const std::string& item_id) const {
  for (const auto& candidate : items) {
    if (candidate.id == item_id) return &candidate;
  }
  return nullptr;
}

int Instrument::max_total() const {
  auto highest = [](const InstrumentItem& item) {
    int best = 0;
    for (const auto& option : item.options) best = std::max(best, option.score);
    return best;
  };
  int total = 0;
  if (method == ScoringMethod::max_of_groups) {
    for (const auto& group : groups) {
      int group_max = 0;
      for (const auto& id : group.items) {
        if (const auto* found = item(id)) group_max = std::max(group_max, highest(*found));
      }
      total += group_max;
    }
    return total;
  }
  for (const auto& candidate : items) {
    if (candidate.scored) total += highest(candidate);
  }
  return total;
}

}  // namespace plasticity
