// A questionnaire or rating scale as data: items, answer options, how it is scored, what the
// scores mean, which answers raise a flag, and what counts as response and remission. Definitions
// come from JSON files (instruments/definitions/*.json, read by interop/instrument_json.h); this
// file and scoring.h never read them, they only compute.
//
//   const Instrument& phq9 = catalog.at("phq9");
//   AssessmentScore s = score_assessment(phq9, {{"phq9_1", 2}, ...});
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace plasticity {

struct AnswerOption {
  int score = 0;
  std::string text;
};

// An item asked only when another item has a given answer (C-SSRS: "method?" only after
// "thoughts?").
struct AskedIf {
  std::string item;
  int equals = 1;
};

struct InstrumentItem {
  std::string id;
  std::string text;   // the wording shown to the respondent; empty when the text is licensed
  std::string label;  // a short name always shown (e.g. "Suicidal thoughts")
  std::vector<AnswerOption> options;
  bool scored = true;  // PHQ-9's difficulty item is asked but not scored
  std::optional<std::string> loinc;
  std::optional<AskedIf> asked_if;
};

enum class ScoringMethod {
  sum,            // total = sum of scored items
  max_of_groups,  // total = sum over groups of the highest item in each group (QIDS-SR16)
  triage,         // no total; a risk level from which items are answered "yes" (C-SSRS screener)
};

// A group for max_of_groups, or a subscale (a sum over some items, e.g. PCL-5 cluster B).
struct ItemGroup {
  std::string id;
  std::vector<std::string> items;
};

struct SeverityBand {
  int min = 0;
  int max = 0;
  std::string label;
};

// A flag raised when `item` scores at least `at_least`, whatever the total (PHQ-9 item 9 > 0).
struct ItemFlag {
  std::string id;
  std::string item;
  int at_least = 1;
};

// One triage level: reached when any of `any_positive` is answered with a score above 0; levels
// are checked in order, the first reached wins; `flags` are raised with it.
struct TriageLevel {
  std::string level;
  std::vector<std::string> any_positive;
  std::vector<std::string> flags;
};

// PCL-5's DSM-5 provisional diagnosis: an item counts when it scores at least `item_at_least`;
// each subscale needs at least its number of counted items.
struct DiagnosisRule {
  int item_at_least = 2;
  std::map<std::string, int> counted_items_per_subscale;
  std::string source;
};

// What counts as response, remission, meaningful change and relapse, each with its source.
// Unset rules are not applied (no classification is invented for an instrument without one).
struct OutcomeRules {
  std::optional<double> response_min_reduction;  // 0.5: at least 50% below baseline
  std::string response_source;
  std::optional<int> remission_at_most;  // PHQ-9 4 (< 5), QIDS 5, MADRS 10
  std::string remission_source;
  std::optional<int> meaningful_change_at_least;  // PCL-5: 10 points
  std::string meaningful_change_source;
  int relapse_consecutive = 2;  // assessments above the response threshold after a response
  std::string relapse_source;
  std::optional<int> worsening_at_least;  // a rise this large since the last total alerts
  std::string worsening_source;
};

struct Instrument {
  std::string id;
  std::string name;
  std::string version;
  std::string licence;
  bool full_text = true;  // false: labels only until the clinic supplies the licensed text
  std::string recall_period;
  std::string rater;  // "self" or "clinician"
  std::string preamble;
  std::vector<InstrumentItem> items;
  ScoringMethod method = ScoringMethod::sum;
  std::vector<ItemGroup> groups;     // for max_of_groups
  std::vector<ItemGroup> subscales;  // sums reported beside the total
  std::vector<SeverityBand> bands;
  std::vector<ItemFlag> flags;
  std::vector<TriageLevel> triage;
  std::optional<DiagnosisRule> diagnosis;
  OutcomeRules outcomes;
  std::optional<std::string> total_loinc;
  std::vector<std::string> sources;

  const InstrumentItem* item(const std::string& item_id) const;
  // The highest total the scoring can give (for charts and checks).
  int max_total() const;
};

}  // namespace plasticity
