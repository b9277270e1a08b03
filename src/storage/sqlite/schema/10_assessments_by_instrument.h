// Migration 10: assessments by instrument, for the outcome report.
//
// The outcome report reads one instrument's assessments of every patient in patient and time
// order: with this index that is a walk, not a sort of the whole table
// (bench/outcome_report_bench).
#pragma once

#include <string_view>

namespace plasticity::sqlite::schema {

inline constexpr std::string_view kAssessmentsByInstrument = R"sql(
CREATE INDEX assessments_by_instrument ON assessments(instrument_id, patient_id, administered_at);
)sql";

}  // namespace plasticity::sqlite::schema
