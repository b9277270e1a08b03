// Eligibility screening: rules over the intake decide whether ketamine or esketamine may be given.
//
// Rules are data (definitions/screening_rules.json, replaced per clinic): each names the protocols
// it applies to, its kind (absolute contraindication, relative contraindication, caution), a
// condition over intake fields, the message a prescriber reads and its source. The result is
// not_eligible when any absolute rule fires, needs_review when a relative one does, else eligible;
// every fired rule is listed. A prescriber then signs off: approval needs every relative
// contraindication overridden with a written reason, and is impossible with an absolute one.
//
//   ScreeningResult result = screen(rules, "iv_ketamine", intake);
//   FieldErrors errors = check_sign_off(result, {.approve = true, .overrides = {...}});
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/field_error.h"
#include "eligibility/intake.h"

namespace plasticity {

enum class RuleKind { absolute, relative, caution };

// A test on one field, or all/any of several. A field that was not answered satisfies only
// `missing` (an unanswered optional question is never read as "no").
struct Condition {
  enum class Test { is, equals, at_least, above, below, missing, all, any };
  Test test = Test::is;
  std::string field;
  bool yes = true;               // is
  std::string choice;            // equals
  double number = 0;             // at_least, above, below
  std::vector<Condition> parts;  // all, any
};

struct ScreeningRule {
  std::string id;
  std::vector<std::string> protocols;  // empty: every protocol
  RuleKind kind = RuleKind::caution;
  Condition when;
  std::string message;
  std::string source;
  // The kind (how strict) is the clinic's default rather than what the source says.
  bool kind_is_clinic_default = false;
};

enum class Eligibility { eligible, needs_review, not_eligible };

struct FiredRule {
  std::string id;
  RuleKind kind = RuleKind::caution;
  std::string message;
  std::string source;
};

struct ScreeningResult {
  Eligibility eligibility = Eligibility::eligible;
  std::vector<FiredRule> fired;  // absolute first, then relative, then cautions; file order within
};

struct RuleOverride {
  std::string rule_id;
  std::string reason;
};

struct SignOff {
  bool approve = false;
  std::vector<RuleOverride> overrides;
  std::string note;
};

std::string_view to_string(RuleKind kind);
std::optional<RuleKind> parse_rule_kind(std::string_view text);
std::string_view to_string(Eligibility eligibility);

bool holds(const Condition& condition, const Intake& intake);
bool applies_to(const ScreeningRule& rule, const std::string& protocol_id);
ScreeningResult screen(const std::vector<ScreeningRule>& rules, const std::string& protocol_id,
                       const Intake& intake);

// Why this sign-off cannot be recorded (empty when it can): approving with an absolute
// contraindication, a relative one left without an override, an override without a reason or for
// a rule that did not fire or is not relative.
FieldErrors check_sign_off(const ScreeningResult& result, const SignOff& sign_off);

}  // namespace plasticity
