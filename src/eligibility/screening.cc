#include "eligibility/screening.h"

#include <algorithm>
#include <array>

namespace plasticity {
namespace {

constexpr std::array<std::string_view, 3> kKindNames{"absolute", "relative", "caution"};
constexpr std::array<std::string_view, 3> kEligibilityNames{"eligible", "needs_review",
                                                            "not_eligible"};

const double* number_of(const Intake& intake, const std::string& field) {
  auto it = intake.find(field);
  return it == intake.end() ? nullptr : std::get_if<double>(&it->second);
}

std::string trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

}  // namespace

std::string_view to_string(RuleKind kind) { return kKindNames.at(static_cast<std::size_t>(kind)); }

std::optional<RuleKind> parse_rule_kind(std::string_view text) {
  for (std::size_t i = 0; i < kKindNames.size(); ++i) {
    if (kKindNames[i] == text) return static_cast<RuleKind>(i);
  }
  return std::nullopt;
}

std::string_view to_string(Eligibility eligibility) {
  return kEligibilityNames.at(static_cast<std::size_t>(eligibility));
}

bool holds(const Condition& condition, const Intake& intake) {
  using Test = Condition::Test;
  const auto answer = intake.find(condition.field);
  switch (condition.test) {
    case Test::all:
      return std::all_of(condition.parts.begin(), condition.parts.end(),
                         [&](const Condition& part) { return holds(part, intake); });
    case Test::any:
      return std::any_of(condition.parts.begin(), condition.parts.end(),
                         [&](const Condition& part) { return holds(part, intake); });
    case Test::missing:
      return answer == intake.end();
    case Test::is: {
      if (answer == intake.end()) return false;
      const bool* yes = std::get_if<bool>(&answer->second);
      return yes && *yes == condition.yes;
    }
    case Test::equals: {
      if (answer == intake.end()) return false;
      const std::string* choice = std::get_if<std::string>(&answer->second);
      return choice && *choice == condition.choice;
    }
    case Test::at_least:
    case Test::above:
    case Test::below: {
      const double* value = number_of(intake, condition.field);
      if (!value) return false;
      if (condition.test == Test::at_least) return *value >= condition.number;
      if (condition.test == Test::above) return *value > condition.number;
      return *value < condition.number;
    }
  }
  return false;
}

bool applies_to(const ScreeningRule& rule, const std::string& protocol_id) {
  return rule.protocols.empty() || std::find(rule.protocols.begin(), rule.protocols.end(),
                                             protocol_id) != rule.protocols.end();
}

ScreeningResult screen(const std::vector<ScreeningRule>& rules, const std::string& protocol_id,
                       const Intake& intake) {
  ScreeningResult result;
  for (const auto& rule : rules) {
    if (applies_to(rule, protocol_id) && holds(rule.when, intake)) {
      result.fired.push_back({rule.id, rule.kind, rule.message, rule.source});
    }
  }
  std::stable_sort(result.fired.begin(), result.fired.end(),
                   [](const FiredRule& a, const FiredRule& b) { return a.kind < b.kind; });
  auto fired = [&](RuleKind kind) {
    return std::any_of(result.fired.begin(), result.fired.end(),
                       [kind](const FiredRule& rule) { return rule.kind == kind; });
  };
  if (fired(RuleKind::absolute)) {
    result.eligibility = Eligibility::not_eligible;
  } else if (fired(RuleKind::relative)) {
    result.eligibility = Eligibility::needs_review;
  }
  return result;
}

FieldErrors check_sign_off(const ScreeningResult& result, const SignOff& sign_off) {
  FieldErrors errors;
  for (std::size_t i = 0; i < sign_off.overrides.size(); ++i) {
    const RuleOverride& override_ = sign_off.overrides[i];
    const std::string field = "overrides/" + std::to_string(i);
    const auto rule = std::find_if(result.fired.begin(), result.fired.end(),
                                   [&](const FiredRule& r) { return r.id == override_.rule_id; });
    if (rule == result.fired.end()) {
      errors.push_back({field + "/rule_id", "fired_rule",
                        override_.rule_id + " did not fire in this screening"});
    } else if (rule->kind == RuleKind::absolute) {
      errors.push_back({field + "/rule_id", "not_absolute",
                        override_.rule_id + " is an absolute contraindication: it cannot be "
                                            "overridden"});
    } else if (rule->kind == RuleKind::caution) {
      errors.push_back({field + "/rule_id", "relative_only",
                        override_.rule_id + " is a caution: only relative contraindications are "
                                            "overridden"});
    }
    if (trimmed(override_.reason).empty()) {
      errors.push_back({field + "/reason", "required", "an override needs a written reason"});
    }
  }
  if (!sign_off.approve) return errors;
  for (const auto& rule : result.fired) {
    if (rule.kind == RuleKind::absolute) {
      errors.push_back({"approve", "no_absolute_contraindication",
                        "cannot approve: " + rule.id + " is an absolute contraindication"});
    } else if (rule.kind == RuleKind::relative &&
               std::none_of(sign_off.overrides.begin(), sign_off.overrides.end(),
                            [&](const RuleOverride& o) { return o.rule_id == rule.id; })) {
      errors.push_back({"overrides", "relative_overridden",
                        "cannot approve: the relative contraindication " + rule.id +
                            " needs an override with a reason"});
    }
  }
  return errors;
}

}  // namespace plasticity
