// The screening rules and the clinic's schedule, read from their definition files
// (src/eligibility/definitions/screening_rules.json,
// src/scheduling/definitions/clinic_schedule.json; formats in docs/screening.md and
// docs/scheduling.md). A clinic replaces either file whole in DATA/eligibility/ or
// DATA/scheduling/.
//
//   auto rules = load_screening_rules({shipped, data_dir / "eligibility"}, protocols);
//   ClinicSchedule schedule = load_clinic_schedule({shipped, data_dir / "scheduling"}, protocols);
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "eligibility/screening.h"
#include "interop/json_fields.h"
#include "interop/protocol_json.h"
#include "scheduling/clinic_schedule.h"

namespace plasticity {

// Throws DefinitionError naming the field ("/rules/3/when/field: no intake question 'bp'").
std::vector<ScreeningRule> parse_screening_rules(const std::string& json_text,
                                                 const ProtocolCatalog& protocols);
ClinicSchedule parse_clinic_schedule(const std::string& json_text,
                                     const ProtocolCatalog& protocols);

// The last file named screening_rules.json / clinic_schedule.json in `directories` wins.
std::vector<ScreeningRule> load_screening_rules(
    const std::vector<std::filesystem::path>& directories, const ProtocolCatalog& protocols);
ClinicSchedule load_clinic_schedule(const std::vector<std::filesystem::path>& directories,
                                    const ProtocolCatalog& protocols);

}  // namespace plasticity
