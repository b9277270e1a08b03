// Treatment plans as the API reads and shows them (the stored plan body is this JSON).
#pragma once

#include "protocols/treatment_plan.h"
#include "scheduling/clinic_schedule.h"
#include "server/http/request_support.h"

namespace plasticity::server {

// Reads a plan body; a `course` names one of the clinic's course templates in place of
// `induction`. Errors name each field.
TreatmentPlan read_plan(const Json& body, const ClinicSchedule& schedule, FieldErrors& errors);
OrderedJson plan_to_json(const TreatmentPlan& plan);

}  // namespace plasticity::server
