#include "instruments/flag_alerts.h"

namespace plasticity {
namespace {

std::string answer_text(const InstrumentItem& item, int score) {
  for (const auto& option : item.options) {
    if (option.score == score)
      return option.text == std::to_string(score)
                 ? std::to_string(score)
                 : "\"" + option.text + "\" (" + std::to_string(score) + ")";
  }
  return std::to_string(score);
}

}  // namespace

std::vector<FlagAlert> flag_alerts(const Instrument& instrument, const Answers& answers,
                                   const AssessmentScore& score, std::optional<int> previous_total) {
  std::vector<FlagAlert> alerts;
  for (const auto& flag : score.flags) {
    std::string message = instrument.name + ": " + flag;
    for (const auto& rule : instrument.flags) {
      const InstrumentItem* item = instrument.item(rule.item);
      auto answer = answers.find(rule.item);
      if (rule.id != flag || !item || answer == answers.end()) continue;
      message =
          instrument.name + ": " + item->label + " answered " + answer_text(*item, answer->second);
    }
    if (score.severity && instrument.method == ScoringMethod::triage) {
      message = instrument.name + ": triage " + *score.severity + " risk";
    }
    alerts.push_back({flag, message});
  }
  const auto& threshold = instrument.outcomes.worsening_at_least;
  if (threshold && previous_total && score.total && *score.total - *previous_total >= *threshold) {
    alerts.push_back({"worsening", instrument.name + ": rose from " + std::to_string(*previous_total) +
                                       " to " + std::to_string(*score.total) + " (+" +
                                       std::to_string(*score.total - *previous_total) +
                                       ") since the last assessment"});
  }
  return alerts;
}

}  // namespace plasticity
