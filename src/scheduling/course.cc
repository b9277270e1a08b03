#include "scheduling/course.h"

namespace plasticity {
namespace {

// Days after the week's first session for each session of that week.
std::vector<int> week_offsets(int per_week) {
  if (per_week <= 1) return {0};
  if (per_week == 2) return {0, 3};
  return {0, 2, 4};
}

}  // namespace

std::vector<CalendarDate> course_dates(const std::vector<CoursePhase>& phases, CalendarDate first,
                                       const ClinicSchedule& schedule) {
  std::vector<CalendarDate> dates;
  bool ever_open = false;
  for (int day = 0; day < 7; ++day) ever_open |= schedule.open_on(day);
  if (!ever_open) return dates;
  CalendarDate week_start = first;
  for (const CoursePhase& phase : phases) {
    const std::vector<int> offsets = week_offsets(phase.per_week);
    int left = phase.sessions;
    while (left > 0) {
      for (int offset : offsets) {
        if (left == 0) break;
        CalendarDate date = add_days(week_start, offset);
        // Never on a closed day, never twice on a day, never before an earlier session.
        while (!schedule.open_on(weekday_of(date)) || (!dates.empty() && date <= dates.back())) {
          date = add_days(date, 1);
        }
        dates.push_back(date);
        --left;
      }
      week_start = add_days(week_start, 7);
    }
  }
  return dates;
}

}  // namespace plasticity
