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
                                   const AssessmentScore& score) {
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
  return alerts;
}

}  // namespace plasticity
