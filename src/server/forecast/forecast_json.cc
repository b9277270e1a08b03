#include "server/forecast/forecast_json.h"

#include <cmath>

#include "outcomes/normal.h"
#include "server/reports/small_cells.h"

namespace plasticity::server {
namespace {

OrderedJson optional_number(std::optional<double> value) {
  return value ? OrderedJson(*value) : OrderedJson();
}

OrderedJson base_rate_to_json(const PublishedBaseRate& rate) {
  return {{"id", rate.id},
          {"study", rate.study},
          {"citation", rate.citation},
          {"url", rate.url},
          {"read_at", rate.read_at},
          {"measured_on", rate.measured_on},
          {"responders", rate.responders},
          {"n", rate.n},
          {"n_verified", rate.n_verified}};
}

OrderedJson rule_to_json(const EvidenceRule& rule) {
  OrderedJson json{{"id", rule.id},          {"study", rule.study},     {"source", rule.citation},
                   {"url", rule.url},        {"read_at", rule.read_at}, {"drug", rule.drug},
                   {"summary", rule.summary}};
  if (rule.counts) {
    json["two_by_two"] = {{"signal_response", rule.counts->signal_response},
                          {"signal_no_response", rule.counts->signal_no_response},
                          {"no_signal_response", rule.counts->no_signal_response},
                          {"no_signal_no_response", rule.counts->no_signal_no_response}};
  } else {
    json["not_quantified"] = rule.not_quantified;
  }
  return json;
}

OrderedJson interval(const Forecast& f) {
  return f.probability ? OrderedJson::array({f.lower, f.upper})
                       : OrderedJson::array({nullptr, nullptr});
}

OrderedJson forecast_body(const Forecast& f) {
  OrderedJson rules = OrderedJson::array();
  for (const auto& r : f.rules) {
    rules.push_back({{"id", r.id},
                     {"applies", r.applies},
                     {"source", r.rule.citation},
                     {"study", r.rule.study},
                     {"url", r.rule.url},
                     {"summary", r.rule.summary},
                     {"finding", r.finding},
                     {"reason", r.reason}});
  }
  return {{"instrument", f.instrument},
          {"sessions_so_far", f.sessions_so_far},
          {"landmark_session", optional_json(f.landmark_session)},
          {"probability", optional_number(f.probability)},
          {"ci95", interval(f)},
          {"basis", f.basis},
          {"training_courses", f.training_courses},
          {"base_rate", f.base_rate ? base_rate_to_json(*f.base_rate) : OrderedJson()},
          {"rules", rules},
          {"message", f.message}};
}

}  // namespace

OrderedJson forecast_to_json(const Forecast& forecast, const Forecast* comparison,
                             const FittedForecast& fitted, const ForecastEvidence& evidence) {
  OrderedJson json = forecast_body(forecast);
  json["comparison"] = comparison ? forecast_body(*comparison) : OrderedJson();
  json["model"] = {
      {"fitted_at", to_iso8601(fitted.fitted_at)},
      {"completed_courses", fitted.fit.completed_courses},
      {"min_training_courses", evidence.min_training_courses},
      {"cv_auc", fitted.fit.model ? optional_number(fitted.fit.model->cv_auc) : OrderedJson()}};
  return json;
}

OrderedJson forecast_model_to_json(const std::string& instrument, const FittedForecast& fitted,
                                   const ForecastEvidence& evidence, bool suppress_small_cells) {
  const Cells cells{suppress_small_cells};
  OrderedJson json{{"instrument", instrument},
                   {"fitted_at", to_iso8601(fitted.fitted_at)},
                   {"basis", fitted.fit.model ? "clinic_model" : "published_evidence"},
                   {"completed_courses", cells.count(fitted.fit.completed_courses)},
                   {"min_training_courses", evidence.min_training_courses},
                   {"reason", fitted.fit.reason}};
  OrderedJson model;
  if (const auto& m = fitted.fit.model) {
    OrderedJson coefficients = OrderedJson::array();
    for (std::size_t i = 0; i < m->features.size(); ++i) {
      const auto at = static_cast<Eigen::Index>(i);
      const double b = m->fit.coefficients(at), se = m->fit.standard_error(at);
      coefficients.push_back({{"feature", m->features[i]},
                              {"estimate", b},
                              {"standard_error", se},
                              {"odds_ratio", std::exp(b)},
                              {"odds_ratio_ci95", OrderedJson::array({std::exp(b - z95() * se),
                                                                      std::exp(b + z95() * se)})}});
    }
    OrderedJson bins = OrderedJson::array();
    for (const auto& bin : m->calibration) {
      const bool hide = cells.hidden(bin.count);
      bins.push_back({{"predicted", bin.predicted},
                      {"observed", hide ? OrderedJson() : OrderedJson(bin.observed)},
                      {"count", cells.count(bin.count)}});
    }
    model = {{"training_courses", m->training_courses},
             {"training_rows", m->training_rows},
             {"coefficients", coefficients},
             {"cv_folds", kForecastFolds},
             {"cv_rows", m->cv_rows},
             {"cv_auc", optional_number(m->cv_auc)},
             {"cv_brier", m->cv_brier},
             {"calibration", bins},
             {"published_comparison",
              {{"rows", m->published_rows},
               {"auc", optional_number(m->published_auc)},
               {"brier", optional_number(m->published_brier)}}}};
  }
  json["model"] = model;
  OrderedJson base_rates = OrderedJson::array(), rules = OrderedJson::array();
  for (const auto& rate : evidence.base_rates) base_rates.push_back(base_rate_to_json(rate));
  for (const auto& rule : evidence.rules) rules.push_back(rule_to_json(rule));
  json["evidence"] = {{"base_rates", base_rates}, {"rules", rules}};
  return json;
}

}  // namespace plasticity::server
