// The dates an induction course proposes: phase after phase, each week's sessions spread over the
// week (one a week: the same weekday; two: 3 days apart, e.g. Monday and Thursday; three: Monday,
// Wednesday, Friday), a day the clinic is closed moved to the next open day.
//
//   course_dates({{6, 2}}, {2026, 12, 7}, schedule)
//     == Dec 7, 10, 14, 17, 21, 24   (ELEKT-D: twice weekly for 3 weeks)
#pragma once

#include <vector>

#include "core/calendar_date.h"
#include "protocols/treatment_plan.h"
#include "scheduling/clinic_schedule.h"

namespace plasticity {

std::vector<CalendarDate> course_dates(const std::vector<CoursePhase>& phases, CalendarDate first,
                                       const ClinicSchedule& schedule);

}  // namespace plasticity
