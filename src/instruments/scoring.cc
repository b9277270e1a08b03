#include "instruments/scoring.h"

#include <algorithm>

namespace plasticity {
namespace {

// An item is asked unless it depends on an answer that was not given.
bool is_asked(const InstrumentItem& item, const Answers& answers) {
  if (!item.asked_if) return true;
  auto it = answers.find(item.asked_if->item);
  return it != answers.end() && it->second == item.asked_if->equals;
}

std::optional<int> answer_to(const Answers& answers, const std::string& item) {
  auto it = answers.find(item);
  if (it == answers.end()) return std::nullopt;
  return it->second;
}

// Sum over `items`; null when any of them is missing.
std::optional<int> sum_of(const std::vector<std::string>& items, const Answers& answers) {
  int total = 0;
  for (const auto& id : items) {
    auto value = answer_to(answers, id);
    if (!value) return std::nullopt;
    total += *value;
  }
  return total;
}

std::optional<int> max_of_groups(const Instrument& instrument, const Answers& answers) {
  int total = 0;
  for (const auto& group : instrument.groups) {
    int highest = 0;
    for (const auto& id : group.items) {
      auto value = answer_to(answers, id);
      if (!value) return std::nullopt;
      highest = std::max(highest, *value);
    }
    total += highest;
  }
  return total;
}

void add_flag(std::vector<std::string>& flags, const std::string& flag) {
  if (std::find(flags.begin(), flags.end(), flag) == flags.end()) flags.push_back(flag);
}

// A "yes" that reaches a level counts even when other answers are missing (a plan is a plan); the
// catch-all level (no items) needs a complete screener.
void apply_triage(const Instrument& instrument, const Answers& answers, AssessmentScore& score) {
  for (const auto& level : instrument.triage) {
    const bool reached =
        (level.any_positive.empty() && score.complete) ||
        std::any_of(level.any_positive.begin(), level.any_positive.end(),
                    [&](const std::string& id) { return answer_to(answers, id).value_or(0) > 0; });
    if (!reached) continue;
    score.severity = level.level;
    for (const auto& flag : level.flags) add_flag(score.flags, flag);
    return;
  }
}

bool meets_diagnosis(const Instrument& instrument, const DiagnosisRule& rule,
                     const Answers& answers) {
  for (const auto& subscale : instrument.subscales) {
    auto needed = rule.counted_items_per_subscale.find(subscale.id);
    if (needed == rule.counted_items_per_subscale.end()) continue;
    const auto counted = std::count_if(subscale.items.begin(), subscale.items.end(), [&](auto& id) {
      return answer_to(answers, id).value_or(0) >= rule.item_at_least;
    });
    if (counted < needed->second) return false;
  }
  return true;
}

}  // namespace

FieldErrors check_answers(const Instrument& instrument, const Answers& answers) {
  FieldErrors errors;
  for (const auto& [item_id, value] : answers) {
    const std::string field = "answers/" + item_id;
    const InstrumentItem* item = instrument.item(item_id);
    if (!item) {
      errors.push_back({field, "unknown_item", item_id + " is not an item of " + instrument.id});
      continue;
    }
    const bool offered =
        std::any_of(item->options.begin(), item->options.end(),
                    [value = value](const AnswerOption& o) { return o.score == value; });
    if (!offered) {
      std::string allowed;
      for (const auto& option : item->options) {
        allowed += (allowed.empty() ? "" : ", ") + std::to_string(option.score);
      }
      errors.push_back(
          {field, "option",
           item_id + " must be one of " + allowed + " (got " + std::to_string(value) + ")"});
    }
  }
  return errors;
}

AssessmentScore score_assessment(const Instrument& instrument, const Answers& answers) {
  AssessmentScore score;
  for (const auto& item : instrument.items) {
    if (item.scored && is_asked(item, answers) && !answers.contains(item.id)) {
      score.missing_items.push_back(item.id);
    }
  }
  score.complete = score.missing_items.empty();
  // Flags first: a suicidality answer is raised whatever else is missing.
  for (const auto& flag : instrument.flags) {
    if (answer_to(answers, flag.item).value_or(0) >= flag.at_least) add_flag(score.flags, flag.id);
  }
  if (instrument.method == ScoringMethod::triage) {
    apply_triage(instrument, answers, score);
    return score;
  }
  for (const auto& subscale : instrument.subscales) {
    score.subscales[subscale.id] = sum_of(subscale.items, answers);
  }
  if (!score.complete) return score;
  if (instrument.method == ScoringMethod::max_of_groups) {
    score.total = max_of_groups(instrument, answers);
  } else {
    int total = 0;
    for (const auto& item : instrument.items) {
      if (item.scored) total += answer_to(answers, item.id).value_or(0);
    }
    score.total = total;
  }
  score.severity = severity_band(instrument, *score.total);
  if (instrument.diagnosis) {
    score.provisional_diagnosis = meets_diagnosis(instrument, *instrument.diagnosis, answers);
  }
  return score;
}

std::optional<std::string> severity_band(const Instrument& instrument, int total) {
  for (const auto& band : instrument.bands) {
    if (total >= band.min && total <= band.max) return band.label;
  }
  return std::nullopt;
}

}  // namespace plasticity
