#include "interop/forecast_evidence_json.h"

namespace plasticity {

using namespace json_fields;

namespace {

void read_citation(const Json& item, const std::string& path, std::string& study,
                   std::string& citation, std::string& url, std::string& read_at) {
  study = text(item, "study", path);
  citation = text(item, "citation", path);
  url = text(item, "url", path);
  read_at = text(item, "read_at", path);
  if (read_at != "source" && read_at != "secondary") {
    fail(path + "/read_at", "must be \"source\" or \"secondary\"");
  }
}

int positive(const Json& item, const std::string& key, const std::string& path) {
  const int value = integer(item, key, path);
  // A zero cell would make a likelihood ratio or its variance infinite.
  if (value < 1) fail(path + "/" + key, "must be at least 1");
  return value;
}

PublishedBaseRate read_base_rate(const Json& item, const std::string& path) {
  PublishedBaseRate rate;
  rate.id = text(item, "id", path);
  read_citation(item, path, rate.study, rate.citation, rate.url, rate.read_at);
  rate.drug = text(item, "drug", path);
  rate.route = text(item, "route", path);
  rate.measured_on = text(item, "measured_on", path);
  rate.stands_for = strings(item, "stands_for", path);
  rate.n = positive(item, "n", path);
  rate.responders = positive(item, "responders", path);
  if (rate.responders >= rate.n) fail(path + "/responders", "must be fewer than n");
  rate.n_verified = boolean(item, "n_verified", path);
  return rate;
}

EarlySignal read_signal(const Json& item, const std::string& path) {
  const std::string signal = text(item, "signal", path);
  if (signal == "response_after_first") return EarlySignal::response_after_first;
  if (signal == "improvement_after_first_or_second") {
    return EarlySignal::improvement_after_first_or_second;
  }
  if (signal == "no_improvement_through_third") return EarlySignal::no_improvement_through_third;
  fail(path + "/signal",
       "must be response_after_first, improvement_after_first_or_second or "
       "no_improvement_through_third");
}

EvidenceRule read_rule(const Json& item, const std::string& path) {
  EvidenceRule rule;
  rule.id = text(item, "id", path);
  read_citation(item, path, rule.study, rule.citation, rule.url, rule.read_at);
  rule.drug = text(item, "drug", path);
  rule.signal = read_signal(item, path);
  rule.summary = text(item, "summary", path);
  if (item.contains("two_by_two")) {
    const std::string at = path + "/two_by_two";
    const Json& t = item["two_by_two"];
    if (!t.is_object()) fail(at, "must be an object");
    rule.counts =
        TwoByTwo{positive(t, "signal_response", at), positive(t, "signal_no_response", at),
                 positive(t, "no_signal_response", at), positive(t, "no_signal_no_response", at)};
  } else {
    rule.not_quantified = text(item, "not_quantified", path);
  }
  return rule;
}

}  // namespace

ForecastEvidence parse_forecast_evidence(const std::string& json_text) {
  const Json json = parse_text(json_text);
  ForecastEvidence evidence;
  evidence.min_training_courses = integer(json, "min_training_courses", "");
  if (evidence.min_training_courses < 10) {
    fail("/min_training_courses", "must be at least 10 (a model needs courses to learn from)");
  }
  evidence.end_of_induction_days = integer(json, "end_of_induction_days", "");
  if (evidence.end_of_induction_days < 1 || evidence.end_of_induction_days > 60) {
    fail("/end_of_induction_days", "must be from 1 to 60");
  }
  evidence.improvement = number(json, "improvement", "");
  if (!(evidence.improvement > 0 && evidence.improvement < 1)) {
    fail("/improvement", "must be a fraction between 0 and 1");
  }
  for (std::size_t i = 0; const Json& item : list(json, "base_rates", "")) {
    evidence.base_rates.push_back(read_base_rate(item, "/base_rates/" + std::to_string(i++)));
  }
  for (std::size_t i = 0; const Json& item : list(json, "rules", "")) {
    evidence.rules.push_back(read_rule(item, "/rules/" + std::to_string(i++)));
  }
  return evidence;
}

ForecastEvidence load_forecast_evidence(const std::vector<std::filesystem::path>& directories) {
  ForecastEvidence evidence;
  load_named(directories, "forecast_evidence.json",
             [&](const std::string& content) { evidence = parse_forecast_evidence(content); });
  return evidence;
}

}  // namespace plasticity
