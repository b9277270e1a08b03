#include "server/planning/screening_json.h"

namespace plasticity::server {

OrderedJson intake_to_json(const Intake& intake) {
  OrderedJson json = OrderedJson::object();
  for (const auto& [id, value] : intake) {
    if (const bool* yes = std::get_if<bool>(&value)) {
      json[id] = *yes;
    } else if (const double* number = std::get_if<double>(&value)) {
      json[id] = *number;
    } else {
      json[id] = std::get<std::string>(value);
    }
  }
  return json;
}

OrderedJson fired_to_json(const std::vector<FiredRule>& fired) {
  OrderedJson json = OrderedJson::array();
  for (const auto& rule : fired) {
    json.push_back({{"id", rule.id},
                    {"kind", to_string(rule.kind)},
                    {"message", rule.message},
                    {"source", rule.source}});
  }
  return json;
}

}  // namespace plasticity::server
