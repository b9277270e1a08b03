// The outcome report's query and its JSON (the contract in docs/api.md), with the researcher's
// view: every count from 1 to 10 shown as "< 11" and no rate, interval or curve point from which
// one could be worked out (CMS cell-size suppression policy, ResDAC).
#pragma once

#include "interop/instrument_json.h"
#include "interop/protocol_json.h"
#include "interop/published_outcomes_json.h"
#include "outcomes/outcome_report.h"
#include "outcomes/safety.h"
#include "server/http/request_support.h"

namespace plasticity::server {

struct OutcomeQuery {
  std::string instrument;
  CohortFilter filter;
  GroupBy group_by = GroupBy::none;
};

// The query string read and checked; errors name the parameter.
OutcomeQuery read_outcome_query(const std::map<std::string, std::string>& query,
                                const InstrumentCatalog& instruments,
                                const ProtocolCatalog& protocols, FieldErrors& errors);

struct ReportView {
  bool suppress_small_cells = false;
};

OrderedJson outcome_report_to_json(const OutcomeQuery& query, const OutcomeReport& report,
                                   const SafetyRecords& safety,
                                   const std::vector<PublishedFigure>& published,
                                   const ReportView& view);

}  // namespace plasticity::server
