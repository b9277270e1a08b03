// The outcome report's query and its JSON (the contract in docs/api.md), with the researcher's
// view: every count from 1 to 10 shown as "< 11" and no rate, interval or curve point from which
// one could be worked out (CMS cell-size suppression policy, ResDAC).
#pragma once

#include "interop/instrument_json.h"
#include "interop/protocol_json.h"
#include "interop/published_outcomes_json.h"
#include "outcomes/cms159.h"
#include "outcomes/outcome_report.h"
#include "outcomes/safety.h"
#include "server/http/request_support.h"
#include "storage/store.h"

namespace plasticity::server {

struct OutcomeQuery {
  std::string instrument;
  CohortFilter filter;
  GroupBy group_by = GroupBy::none;
  std::optional<int> measurement_year;  // CMS159's; the year before `today`'s when not given
};

// The report's query parameters, as the API and `plasticity report outcomes` take them.
const std::vector<std::string>& outcome_query_parameters();

// The "instrument" parameter: one with response rules (empty, with an error, otherwise).
std::string read_outcome_instrument(const std::map<std::string, std::string>& query,
                                    const InstrumentCatalog& instruments, FieldErrors& errors);

// The query string read and checked; errors name the parameter.
OutcomeQuery read_outcome_query(const std::map<std::string, std::string>& query,
                                const InstrumentCatalog& instruments,
                                const ProtocolCatalog& protocols, FieldErrors& errors);

struct ReportView {
  bool suppress_small_cells = false;
};

// Everything the report shows, computed.
struct ReportParts {
  const OutcomeReport& report;
  const Cms159& cms159;
  const SafetyRecords& safety;
  const std::vector<PublishedFigure>& published;
};

// Computes the report for `query` from the store: the cohort of its instrument, CMS159 from the
// PHQ-9 cohort, safety from every session; `today` (the clinic's) sets CMS159's default year.
struct ComputedReport {
  OutcomeReport report;
  Cms159 cms159;
  SafetyRecords safety;
};
ComputedReport compute_outcome_report(Store& store, const OutcomeQuery& query,
                                      const OutcomeRules& rules, const ClinicTimeZone& zone,
                                      CalendarDate today);

OrderedJson outcome_report_to_json(const OutcomeQuery& query, const ReportParts& parts,
                                   const ReportView& view);

}  // namespace plasticity::server
