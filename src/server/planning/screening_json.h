// A screening's intake and fired rules as they are stored and shown (the stored columns are this
// JSON), shared by the screening routes and the synthetic clinic.
#pragma once

#include "eligibility/screening.h"
#include "server/http/request_support.h"

namespace plasticity::server {

OrderedJson intake_to_json(const Intake& intake);
OrderedJson fired_to_json(const std::vector<FiredRule>& fired);

}  // namespace plasticity::server
