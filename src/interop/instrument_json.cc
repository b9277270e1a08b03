#include "interop/instrument_json.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace plasticity {
namespace {

using namespace json_fields;

std::vector<AnswerOption> options(const Json& source, const std::string& path) {
  std::vector<AnswerOption> result;
  for (std::size_t i = 0; i < source.size(); ++i) {
    const std::string at = path + "/" + std::to_string(i);
    result.push_back({integer(source[i], "score", at), text(source[i], "text", at)});
  }
  return result;
}

InstrumentItem read_item(const Json& json, const Json& default_options, const std::string& path) {
  InstrumentItem item;
  item.id = text(json, "id", path);
  item.label = text(json, "label", path);
  item.text = text(json, "text", path, false);
  item.scored = json.value("scored", true);
  if (json.contains("loinc")) item.loinc = text(json, "loinc", path);
  const bool own = json.contains("options");
  item.options = options(own ? list(json, "options", path) : default_options,
                         own ? path + "/options" : "options");
  if (item.options.empty())
    fail(path + "/options", "must be a non-empty list (or set top-level options)");
  if (json.contains("asked_if")) {
    const Json& condition = json["asked_if"];
    item.asked_if = AskedIf{text(condition, "item", path + "/asked_if"),
                            integer(condition, "equals", path + "/asked_if")};
  }
  return item;
}

std::vector<ItemGroup> groups(const Json& json, const std::string& key,
                              const Instrument& instrument) {
  std::vector<ItemGroup> result;
  const Json& source = list(json, key, "");
  for (std::size_t i = 0; i < source.size(); ++i) {
    const std::string path = key + "/" + std::to_string(i);
    ItemGroup group{text(source[i], "id", path), strings(source[i], "items", path)};
    for (const auto& id : group.items) {
      if (!instrument.item(id)) fail(path + "/items", id + " is not an item");
    }
    result.push_back(std::move(group));
  }
  return result;
}

ScoringMethod scoring_method(const std::string& name) {
  if (name == "sum") return ScoringMethod::sum;
  if (name == "max_of_groups") return ScoringMethod::max_of_groups;
  if (name == "triage") return ScoringMethod::triage;
  fail("scoring/method", "must be sum, max_of_groups or triage");
}

OutcomeRules outcome_rules(const Json& json) {
  OutcomeRules rules;
  if (!json.contains("outcomes")) return rules;
  const Json& o = json["outcomes"];
  if (o.contains("response")) {
    rules.response_min_reduction = o["response"].at("min_reduction").get<double>();
    rules.response_source = text(o["response"], "source", "outcomes/response");
  }
  if (o.contains("remission")) {
    rules.remission_at_most = integer(o["remission"], "at_most", "outcomes/remission");
    rules.remission_source = text(o["remission"], "source", "outcomes/remission");
  }
  if (o.contains("meaningful_change")) {
    rules.meaningful_change_at_least =
        integer(o["meaningful_change"], "at_least", "outcomes/meaningful_change");
    rules.meaningful_change_source =
        text(o["meaningful_change"], "source", "outcomes/meaningful_change");
  }
  if (o.contains("worsening")) {
    rules.worsening_at_least = integer(o["worsening"], "at_least", "outcomes/worsening");
    rules.worsening_source = text(o["worsening"], "source", "outcomes/worsening");
  }
  if (o.contains("relapse")) {
    rules.relapse_consecutive = integer(o["relapse"], "consecutive", "outcomes/relapse");
    rules.relapse_source = text(o["relapse"], "source", "outcomes/relapse");
  }
  return rules;
}

void read_rules(const Json& json, Instrument& instrument) {
  for (std::size_t i = 0; const Json& band : list(json, "bands", "")) {
    const std::string path = "bands/" + std::to_string(i++);
    instrument.bands.push_back(
        {integer(band, "min", path), integer(band, "max", path), text(band, "label", path)});
  }
  for (std::size_t i = 0; const Json& flag : list(json, "flags", "")) {
    const std::string path = "flags/" + std::to_string(i++);
    instrument.flags.push_back(
        {text(flag, "id", path), text(flag, "item", path), integer(flag, "at_least", path)});
    if (!instrument.item(instrument.flags.back().item)) fail(path + "/item", "is not an item");
  }
  for (std::size_t i = 0; const Json& level : list(json, "triage", "")) {
    const std::string path = "triage/" + std::to_string(i++);
    instrument.triage.push_back({text(level, "level", path), strings(level, "any_positive", path),
                                 strings(level, "flags", path)});
  }
  if (json.contains("diagnosis")) {
    const Json& d = json["diagnosis"];
    DiagnosisRule rule{
        integer(d, "item_at_least", "diagnosis"), {}, text(d, "source", "diagnosis")};
    for (const auto& [subscale, count] : d.at("counted_items_per_subscale").items()) {
      rule.counted_items_per_subscale[subscale] = count.get<int>();
    }
    instrument.diagnosis = rule;
  }
  instrument.outcomes = outcome_rules(json);
}

}  // namespace

Instrument parse_instrument(const std::string& json_text) {
  const Json json = parse_text(json_text);
  if (!json.is_object()) fail("", "must be a JSON object");
  try {
    Instrument instrument;
    instrument.id = text(json, "id", "");
    instrument.name = text(json, "name", "");
    instrument.version = text(json, "version", "");
    instrument.licence = text(json, "licence", "");
    instrument.full_text = json.value("full_text", true);
    instrument.recall_period = text(json, "recall_period", "", false);
    instrument.rater = text(json, "rater", "");
    instrument.preamble = text(json, "preamble", "", false);
    const Json& default_options = list(json, "options", "");
    for (std::size_t i = 0; const Json& item : list(json, "items", "")) {
      instrument.items.push_back(read_item(item, default_options, "items/" + std::to_string(i++)));
    }
    if (instrument.items.empty()) fail("items", "must list at least one item");
    instrument.method =
        scoring_method(text(json.value("scoring", Json::object()), "method", "scoring"));
    instrument.groups = groups(json, "groups", instrument);
    instrument.subscales = groups(json, "subscales", instrument);
    read_rules(json, instrument);
    if (json.contains("total_loinc")) instrument.total_loinc = text(json, "total_loinc", "");
    instrument.sources = strings(json, "sources", "");
    return instrument;
  } catch (const Json::exception& error) {
    throw DefinitionError(std::string("wrong type: ") + error.what());
  }
}

InstrumentCatalog load_instrument_catalog(const std::vector<std::filesystem::path>& directories) {
  InstrumentCatalog catalog;
  for_each_definition_file(directories, [&](const std::filesystem::path&, const std::string& text) {
    catalog.add(parse_instrument(text), text);
  });
  return catalog;
}

}  // namespace plasticity
