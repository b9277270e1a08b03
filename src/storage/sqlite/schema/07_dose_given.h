// Migration 7: the dose given when an infusion ends early.
//
// An infusion ended before its planned end records the dose actually given.
#pragma once

#include <string_view>

namespace plasticity::sqlite::schema {

inline constexpr std::string_view kDoseGiven = R"sql(
ALTER TABLE session_transitions ADD COLUMN dose_given_mg REAL;
)sql";

}  // namespace plasticity::sqlite::schema
