#include "server/reports/outcome_json.h"

#include <array>
#include <regex>

#include "server/reports/small_cells.h"

namespace plasticity::server {
namespace {

constexpr std::array kResearcherDays{7.0, 14.0, 28.0, 56.0, 84.0};

const std::map<std::string, GroupBy> kGroupings{{"protocol", GroupBy::protocol},
                                                {"indication", GroupBy::indication},
                                                {"sex", GroupBy::sex},
                                                {"age_band", GroupBy::age_band}};

std::string group_name(GroupBy by) {
  for (const auto& [name, value] : kGroupings) {
    if (value == by) return name;
  }
  return "";
}

OrderedJson number_or_null(std::optional<double> value) {
  return value ? OrderedJson(*value) : OrderedJson();
}

OrderedJson proportion_to_json(const Proportion& p, const Cells& cells) {
  const bool hide = cells.hides_rate(p.count, p.denominator);
  const bool none = p.denominator == 0;
  return {{"count", cells.count(p.count)},
          {"denominator", cells.count(p.denominator)},
          {"rate", hide || none ? OrderedJson() : OrderedJson(p.rate)},
          {"ci95", hide || none ? OrderedJson::array({nullptr, nullptr})
                                : OrderedJson::array({p.lower, p.upper})}};
}

// `cumulative`: the curve shows the share that had the event (1 − S), else S itself.
OrderedJson curve_to_json(const KaplanMeier& km, bool cumulative, const Cells& cells) {
  auto probability = [&](double s) { return cumulative ? 1 - s : s; };
  auto interval = [&](const KaplanMeierRow& row) {
    if (!row.lower || !row.upper) return OrderedJson::array({nullptr, nullptr});
    return cumulative ? OrderedJson::array({1 - *row.upper, 1 - *row.lower})
                      : OrderedJson::array({*row.lower, *row.upper});
  };
  OrderedJson rows = OrderedJson::array();
  if (!cells.suppress()) {
    for (const auto& row : km.rows) {
      rows.push_back({{"day", row.time},
                      {"at_risk", row.at_risk},
                      {"events", row.events},
                      {"censored", row.censored},
                      {"probability", probability(row.survival)},
                      {"ci95", interval(row)}});
    }
    return rows;
  }
  // The researcher's curve: a few set days, each only where at least 11 were still followed and
  // the events so far are none or at least 11.
  if (km.n < kSmallestShown) return rows;
  for (const double day : kResearcherDays) {
    const KaplanMeierRow* last = nullptr;
    int events = 0, at_risk_after = km.n;
    for (const auto& row : km.rows) {
      if (row.time > day) break;
      last = &row;
      events += row.events;
      at_risk_after = row.at_risk - row.events - row.censored;
    }
    if (at_risk_after < kSmallestShown || cells.hidden(events)) continue;
    rows.push_back({{"day", day},
                    {"probability", probability(last ? last->survival : 1.0)},
                    {"ci95", last ? interval(*last) : OrderedJson::array({0.0, 0.0})}});
  }
  return rows;
}

OrderedJson median_to_json(const TimeWithInterval& median, int patients, const Cells& cells) {
  if (cells.suppress() && patients < kSmallestShown) {
    return {{"median_days", nullptr}, {"median_ci95", OrderedJson::array({nullptr, nullptr})}};
  }
  return {{"median_days", number_or_null(median.time)},
          {"median_ci95",
           OrderedJson::array({number_or_null(median.lower), number_or_null(median.upper)})}};
}

// S at a day, unless the responders followed or their relapses so far are too few to show.
OrderedJson still_in_response(const KaplanMeier& km, double day, const Cells& cells) {
  const auto s = km.survival_at(day);
  if (!s) return nullptr;
  int relapses = 0;
  for (const auto& row : km.rows) {
    if (row.time <= day) relapses += row.events;
  }
  if (cells.hidden(km.n) || cells.hidden(relapses)) return nullptr;
  return *s;
}

OrderedJson block_to_json(const OutcomeBlock& block, const Cells& cells) {
  OrderedJson time_to_response =
      median_to_json(block.median_to_response, block.time_to_response.n, cells);
  time_to_response["curve"] = curve_to_json(block.time_to_response, true, cells);
  OrderedJson durability = median_to_json(block.median_durability, block.durability.n, cells);
  durability["still_in_response"] = {{"day_28", still_in_response(block.durability, 28, cells)},
                                     {"day_56", still_in_response(block.durability, 56, cells)}};
  durability["curve"] = curve_to_json(block.durability, false, cells);
  OrderedJson by_session = OrderedJson::array();
  for (const auto& s : block.by_session) {
    const bool hide = cells.hides_rate(s.in_response, s.assessed) || s.assessed == 0;
    by_session.push_back(
        {{"session", s.session},
         {"assessed", cells.count(s.assessed)},
         {"in_response", cells.count(s.in_response)},
         {"rate", hide ? OrderedJson() : OrderedJson(double(s.in_response) / s.assessed)}});
  }
  return {{"patients_with_baseline", cells.count(block.patients_with_baseline)},
          {"patients_with_follow_up", cells.count(block.patients_with_follow_up)},
          {"ever_response", proportion_to_json(block.ever_response, cells)},
          {"ever_remission", proportion_to_json(block.ever_remission, cells)},
          {"last_response", proportion_to_json(block.last_response, cells)},
          {"time_to_response", time_to_response},
          {"response_durability", durability},
          {"by_session", by_session}};
}

OrderedJson flow_to_json(const std::vector<FlowStep>& flow, const Cells& cells) {
  OrderedJson steps = OrderedJson::array();
  for (const auto& step : flow) {
    OrderedJson left = OrderedJson::object();
    for (const auto& [why, n] : step.left_because) left[why] = cells.count(n);
    steps.push_back({{"step", step.step}, {"count", cells.count(step.count)}, {"left", left}});
  }
  return steps;
}

OrderedJson log_rank_to_json(const OutcomeReport& report, const Cells& cells) {
  if (!report.log_rank) return nullptr;
  OrderedJson groups = OrderedJson::array();
  for (std::size_t k = 0; k < report.groups.size(); ++k) {
    const int observed = static_cast<int>(report.log_rank->observed[k]);
    groups.push_back({{"key", report.groups[k].key},
                      {"observed", cells.count(observed)},
                      {"expected", cells.suppress() ? OrderedJson()
                                                    : OrderedJson(report.log_rank->expected[k])}});
  }
  return {{"test", "log-rank (time to first response)"},
          {"chi_square", report.log_rank->chi_square},
          {"df", report.log_rank->degrees_of_freedom},
          {"p", report.log_rank->p_value},
          {"groups", groups}};
}

// Counts and rates per 100 dosed sessions, every session of the clinic.
OrderedJson safety_to_json(const SafetyRecords& safety, const Cells& cells) {
  const int sessions = safety.sessions_dosed;
  auto per_100 = [&](int count) {
    return sessions == 0 || cells.hidden(count) ? OrderedJson()
                                                : OrderedJson(100.0 * count / sessions);
  };
  auto counted = [&](int count) {
    return OrderedJson{{"count", cells.count(count)}, {"per_100_sessions", per_100(count)}};
  };
  OrderedJson alarms = OrderedJson::array();
  std::map<std::string, int> by_severity;
  for (const auto& a : safety.alarms) {
    OrderedJson row{{"rule_id", a.rule_id}, {"severity", a.severity}};
    row.update(counted(a.count));
    alarms.push_back(row);
    by_severity[a.severity] += a.count;
  }
  OrderedJson severities = OrderedJson::object();
  for (const auto& [severity, count] : by_severity) severities[severity] = counted(count);
  std::map<std::pair<std::string, std::string>, int> events;
  int serious = 0;
  for (const auto& e : safety.adverse_events) {
    ++events[{e.type, e.severity}];
    serious += e.serious;
  }
  OrderedJson adverse = OrderedJson::array();
  for (const auto& [key, count] : events) {
    OrderedJson row{{"type", key.first}, {"severity", key.second}};
    row.update(counted(count));
    adverse.push_back(row);
  }
  std::array<int, 6> moaas{};
  for (const int score : safety.moaas) {
    if (score >= 0 && score <= 5) ++moaas[score];
  }
  OrderedJson sedation = OrderedJson::array();
  for (int score = 0; score <= 5; ++score) {
    sedation.push_back({{"moaas", score}, {"count", cells.count(moaas[score])}});
  }
  OrderedJson json{{"available", true},
                   {"sessions_dosed", cells.count(sessions)},
                   {"sessions_aborted", counted(safety.sessions_aborted)},
                   {"alarms_by_severity", severities},
                   {"alarms", alarms},
                   {"sessions_sbp_over_180", counted(safety.sessions_sbp_over_180)},
                   {"adverse_events", adverse},
                   {"serious_adverse_events", counted(serious)},
                   {"sedation_scores", sedation}};
  return json;
}

OrderedJson cms159_to_json(const Cms159& m, const Cells& cells) {
  OrderedJson strata = OrderedJson::array();
  for (const auto& [ages, stratum] :
       {std::pair{"12-17", m.ages_12_to_17}, std::pair{"18+", m.ages_18_plus}}) {
    strata.push_back({{"ages", ages},
                      {"denominator", cells.count(stratum.denominator)},
                      {"numerator", cells.count(stratum.numerator)}});
  }
  OrderedJson json{{"available", true},
                   {"measure", "CMS159v14 / NQF 0710e: Depression Remission at Twelve Months"},
                   {"measurement_year", m.measurement_year},
                   {"identification_period",
                    {{"from", to_iso_string(m.identification_from)},
                     {"until", to_iso_string(m.identification_to)}}},
                   {"initial_population", cells.count(m.initial_population)},
                   {"excluded", cells.count(m.excluded)}};
  json.update(proportion_to_json(m.remission, cells));
  json["strata"] = strata;
  json["not_recorded"] = {"death", "hospice or palliative care", "nursing-home residence"};
  return json;
}

OrderedJson published_to_json(const std::vector<PublishedFigure>& figures) {
  OrderedJson items = OrderedJson::array();
  for (const auto& f : figures) {
    items.push_back({{"study", f.study},
                     {"citation", f.citation},
                     {"url", f.url},
                     {"read_at", f.read_at},
                     {"design", f.design},
                     {"n", f.n ? OrderedJson(*f.n) : OrderedJson()},
                     {"intervention", f.intervention},
                     {"instrument", f.instrument},
                     {"measure", f.measure},
                     {"definition", f.definition},
                     {"percent", f.percent}});
  }
  return items;
}

std::optional<CalendarDate> read_date(const std::map<std::string, std::string>& query,
                                      const std::string& name, FieldErrors& errors) {
  const auto it = query.find(name);
  if (it == query.end()) return std::nullopt;
  const auto date = parse_iso_date(it->second);
  if (!date) errors.push_back({name, "date", name + " must be a date, YYYY-MM-DD"});
  return date;
}

std::string read_choice(const std::map<std::string, std::string>& query, const std::string& name,
                        const std::vector<std::string>& choices, FieldErrors& errors) {
  const auto it = query.find(name);
  if (it == query.end()) return "";
  if (std::find(choices.begin(), choices.end(), it->second) == choices.end()) {
    std::string list;
    for (const auto& c : choices) list += (list.empty() ? "" : ", ") + c;
    errors.push_back({name, "one_of", name + " must be one of " + list});
    return "";
  }
  return it->second;
}

}  // namespace

const std::vector<std::string>& outcome_query_parameters() {
  static const std::vector<std::string> names{
      "instrument", "baseline_from", "baseline_to",  "indication", "protocol",
      "sex",        "age_band",      "treated_only", "group_by",   "measurement_year"};
  return names;
}

std::string read_outcome_instrument(const std::map<std::string, std::string>& query,
                                    const InstrumentCatalog& instruments, FieldErrors& errors) {
  const auto instrument = query.find("instrument");
  const auto* entry = instrument == query.end() ? nullptr : instruments.find(instrument->second);
  if (instrument == query.end()) {
    errors.push_back({"instrument", "required", "instrument is required, e.g. phq9"});
  } else if (!entry || !entry->instrument.outcomes.response_min_reduction) {
    errors.push_back({"instrument", "outcome_instrument",
                      "instrument must be one with response rules (phq9, qids_sr16, madrs, gad7, "
                      "pcl5): " +
                          instrument->second + " is not"});
  } else {
    return instrument->second;
  }
  return "";
}

OutcomeQuery read_outcome_query(const std::map<std::string, std::string>& query,
                                const InstrumentCatalog& instruments,
                                const ProtocolCatalog& protocols, FieldErrors& errors) {
  OutcomeQuery q;
  q.instrument = read_outcome_instrument(query, instruments, errors);
  q.filter.baseline_from = read_date(query, "baseline_from", errors);
  q.filter.baseline_to = read_date(query, "baseline_to", errors);
  if (q.filter.baseline_from && q.filter.baseline_to &&
      *q.filter.baseline_to < *q.filter.baseline_from) {
    errors.push_back({"baseline_from", "order", "baseline_from must not be after baseline_to"});
  }
  if (const auto it = query.find("indication"); it != query.end()) {
    static const std::regex icd10_prefix{"[A-Za-z][0-9][0-9A-Za-z.]{0,6}|[A-Za-z][0-9]?"};
    if (std::regex_match(it->second, icd10_prefix)) {
      q.filter.indication = it->second;
    } else {
      errors.push_back({"indication", "icd10_prefix",
                        "indication must be the start of an ICD-10 code, e.g. F33"});
    }
  }
  if (const auto it = query.find("protocol"); it != query.end()) {
    if (protocols.find(it->second)) {
      q.filter.protocol = it->second;
    } else {
      errors.push_back({"protocol", "known_protocol", "protocol " + it->second + " is not known"});
    }
  }
  q.filter.sex_at_birth =
      read_choice(query, "sex", {"female", "male", "intersex", "unknown"}, errors);
  q.filter.age_band = read_choice(query, "age_band", age_bands(), errors);
  q.filter.treated_only = read_choice(query, "treated_only", {"true", "false"}, errors) == "true";
  if (const auto it = query.find("measurement_year"); it != query.end()) {
    const auto year = parse_whole_number(it->second);
    if (year && *year >= 2000 && *year <= 2100) {
      q.measurement_year = static_cast<int>(*year);
    } else {
      errors.push_back({"measurement_year", "year", "measurement_year must be a year, e.g. 2026"});
    }
  }
  const std::string group =
      read_choice(query, "group_by", {"protocol", "indication", "sex", "age_band"}, errors);
  if (!group.empty()) q.group_by = kGroupings.at(group);
  return q;
}

ComputedReport compute_outcome_report(Store& store, const OutcomeQuery& query,
                                      const OutcomeRules& rules, const ClinicTimeZone& zone,
                                      CalendarDate today) {
  const auto cohort = store.outcome_cohort(query.instrument);
  ComputedReport computed;
  computed.report = build_outcome_report(cohort, query.filter, query.group_by, {rules, zone});
  const int year = query.measurement_year.value_or(today.year - 1);
  computed.cms159 = depression_remission_at_twelve_months(
      query.instrument == "phq9" ? cohort : store.outcome_cohort("phq9"), year, zone);
  computed.safety = store.safety_records();
  return computed;
}

OrderedJson outcome_report_to_json(const OutcomeQuery& query, const ReportParts& parts,
                                   const ReportView& view) {
  const OutcomeReport& report = parts.report;
  const Cells cells{view.suppress_small_cells};
  OrderedJson json{{"instrument", query.instrument}};
  json.update(block_to_json(report.all, cells));
  OrderedJson groups = OrderedJson::array();
  for (const auto& g : report.groups) {
    OrderedJson group{{"key", g.key}};
    group.update(block_to_json(g.block, cells));
    groups.push_back(group);
  }
  const auto& f = query.filter;
  json["filters"] = {
      {"baseline_from", f.baseline_from ? OrderedJson(to_iso_string(*f.baseline_from)) : nullptr},
      {"baseline_to", f.baseline_to ? OrderedJson(to_iso_string(*f.baseline_to)) : nullptr},
      {"indication", f.indication},
      {"protocol", f.protocol},
      {"sex", f.sex_at_birth},
      {"age_band", f.age_band},
      {"treated_only", f.treated_only},
      {"group_by", group_name(query.group_by)},
      {"measurement_year", parts.cms159.measurement_year}};
  json["suppressed_small_cells"] = view.suppress_small_cells;
  json["flow"] = flow_to_json(report.flow, cells);
  json["groups"] = groups;
  json["log_rank"] = log_rank_to_json(report, cells);
  json["cms159"] = cms159_to_json(parts.cms159, cells);
  json["safety"] = safety_to_json(parts.safety, cells);
  // Every published figure, each naming its instrument: beside the clinic's, never mixed in.
  json["published"] = published_to_json(parts.published);
  return json;
}

}  // namespace plasticity::server
