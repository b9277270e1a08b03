#include "interop/protocol_json.h"

#include <algorithm>

namespace plasticity {
namespace {

using namespace json_fields;

constexpr const char* kSharedRulesFile = "alarm_rules.json";

int optional_integer(const Json& object, const std::string& key, const std::string& path,
                     int fallback) {
  return object.contains(key) ? integer(object, key, path) : fallback;
}

double optional_number(const Json& object, const std::string& key, const std::string& path) {
  return object.contains(key) ? number(object, key, path) : 0.0;
}

AlarmRule alarm_rule(const Json& json, const std::string& path) {
  AlarmRule rule;
  rule.id = text(json, "id", path);
  const std::string kind = text(json, "kind", path);
  const auto parsed_kind = parse_vital_kind(kind);
  if (!parsed_kind) fail(path + "/kind", "unknown vital sign '" + kind + "'");
  rule.kind = *parsed_kind;
  const std::string test = text(json, "test", path);
  const auto parsed_test = parse_alarm_test(test);
  if (!parsed_test) fail(path + "/test", "must be above, below, rise_from_baseline or no_reading");
  rule.test = *parsed_test;
  rule.threshold = number(json, "threshold", path);
  const std::string severity = text(json, "severity", path);
  const auto parsed_severity = parse_alarm_severity(severity);
  if (!parsed_severity) fail(path + "/severity", "must be advisory, warning or critical");
  rule.severity = *parsed_severity;
  rule.sustained_readings = optional_integer(json, "sustained_readings", path, 1);
  rule.sustained_seconds = optional_integer(json, "sustained_seconds", path, 0);
  rule.source = text(json, "source", path);
  for (const auto& problem : rule_problems(rule)) fail(path + "/" + problem, "invalid");
  return rule;
}

std::vector<AlarmRule> alarm_rules(const Json& json, const std::string& key) {
  std::vector<AlarmRule> rules;
  for (std::size_t i = 0; const Json& rule : list(json, key, "")) {
    rules.push_back(alarm_rule(rule, "/" + key + "/" + std::to_string(i++)));
  }
  return rules;
}

std::vector<ChecklistItem> checklist(const Json& json, const std::string& key) {
  std::vector<ChecklistItem> items;
  for (std::size_t i = 0; const Json& item : list(json, key, "")) {
    const std::string path = "/" + key + "/" + std::to_string(i++);
    items.push_back(
        {text(item, "id", path), text(item, "label", path), text(item, "source", path)});
  }
  return items;
}

DoseRules dose_rules(const Json& json) {
  if (!json.contains("dose") || !json["dose"].is_object()) fail("/dose", "is required");
  const Json& d = json["dose"];
  DoseRules rules;
  const std::string basis = text(d, "basis", "/dose");
  rules.source = text(d, "source", "/dose");
  if (basis == "per_kg") {
    rules.basis = DoseBasis::per_kg;
    rules.default_mg_per_kg = number(d, "default_mg_per_kg", "/dose");
    rules.min_mg_per_kg = number(d, "min_mg_per_kg", "/dose");
    rules.max_mg_per_kg = number(d, "max_mg_per_kg", "/dose");
    if (!(0 < rules.min_mg_per_kg && rules.min_mg_per_kg <= rules.default_mg_per_kg &&
          rules.default_mg_per_kg <= rules.max_mg_per_kg)) {
      fail("/dose", "needs 0 < min_mg_per_kg <= default_mg_per_kg <= max_mg_per_kg");
    }
  } else if (basis == "fixed_mg") {
    rules.basis = DoseBasis::fixed_mg;
    for (std::size_t i = 0; const Json& mg : list(d, "allowed_mg", "/dose")) {
      if (!mg.is_number() || mg.get<double>() <= 0) {
        fail("/dose/allowed_mg/" + std::to_string(i), "must be a dose in mg above 0");
      }
      rules.allowed_mg.push_back(mg.get<double>());
      ++i;
    }
    if (rules.allowed_mg.empty()) fail("/dose/allowed_mg", "must list at least one dose");
    rules.device_mg = optional_number(d, "device_mg", "/dose");
    rules.device_interval_minutes = optional_integer(d, "device_interval_minutes", "/dose", 0);
    rules.escalation_above_mg = optional_number(d, "escalation_above_mg", "/dose");
    rules.escalate_after_mg = optional_number(d, "escalate_after_mg", "/dose");
  } else {
    fail("/dose/basis", "must be per_kg or fixed_mg");
  }
  rules.default_infusion_minutes = optional_integer(d, "default_infusion_minutes", "/dose", 0);
  return rules;
}

}  // namespace

Protocol parse_protocol(const std::string& json_text) {
  const Json json = parse_text(json_text);
  Protocol protocol;
  protocol.id = text(json, "id", "");
  protocol.name = text(json, "name", "");
  protocol.drug = text(json, "drug", "");
  protocol.route = text(json, "route", "");
  const std::vector<std::string> routes{"iv_infusion", "intramuscular", "intranasal", "oral"};
  if (std::find(routes.begin(), routes.end(), protocol.route) == routes.end()) {
    fail("/route", "must be iv_infusion, intramuscular, intranasal or oral");
  }
  protocol.pk_model = text(json, "pk_model", "", false);
  protocol.dose = dose_rules(json);
  if (protocol.route == "iv_infusion" && protocol.dose.default_infusion_minutes <= 0) {
    fail("/dose/default_infusion_minutes", "an infusion protocol needs its usual duration");
  }
  protocol.pre_checks = checklist(json, "pre_checks");
  protocol.vitals_every_minutes_dosing = integer(json, "vitals_every_minutes_dosing", "");
  protocol.vitals_every_minutes_after = integer(json, "vitals_every_minutes_after", "");
  protocol.minimum_monitoring_minutes = integer(json, "minimum_monitoring_minutes", "");
  protocol.minimum_monitoring_is_regulatory = boolean(json, "minimum_monitoring_is_regulatory", "");
  protocol.monitoring_source = text(json, "monitoring_source", "");
  protocol.alarm_rules = alarm_rules(json, "alarm_rules");
  protocol.discharge_checklist = checklist(json, "discharge_checklist");
  protocol.monitoring_form_required = boolean(json, "monitoring_form_required", "");
  return protocol;
}

std::vector<AlarmRule> parse_alarm_rules(const std::string& json_text) {
  return alarm_rules(parse_text(json_text), "rules");
}

ProtocolCatalog load_protocol_catalog(const std::vector<std::filesystem::path>& directories) {
  std::vector<AlarmRule> shared;
  std::map<std::string, Protocol> protocols;
  for_each_definition_file(directories,
                           [&](const std::filesystem::path& file, const std::string& content) {
                             if (file.filename() == kSharedRulesFile) {
                               shared = parse_alarm_rules(content);
                             } else {
                               Protocol protocol = parse_protocol(content);
                               protocols[protocol.id] = std::move(protocol);
                             }
                           });
  ProtocolCatalog catalog;
  for (auto& [id, protocol] : protocols) {
    std::vector<AlarmRule> rules = shared;
    for (AlarmRule& own : protocol.alarm_rules) {
      std::erase_if(rules, [&](const AlarmRule& r) { return r.id == own.id; });
      rules.push_back(std::move(own));
    }
    protocol.alarm_rules = std::move(rules);
    catalog.add(std::move(protocol));
  }
  return catalog;
}

}  // namespace plasticity
