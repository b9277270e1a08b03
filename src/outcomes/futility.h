// The futility review of an induction course: "few reports suggest a response after more than
// three infusions if none has occurred prior" (APA consensus, Sanacora 2017; clinical-reference
// §1.1). Once a plan's review point is reached without a response on its primary instrument, a
// clinician must review the course.
//
//   review_futility(3, 3, classify_trajectory(phq9.outcomes, {22, 19, 18}), "PHQ-9").due == true
#pragma once

#include <string>
#include <vector>

#include "outcomes/trajectory.h"

namespace plasticity {

struct FutilityReview {
  bool due = false;
  std::string reason;
};

// `points`: the primary instrument since the course's baseline (classify_trajectory's output).
FutilityReview review_futility(int sessions_completed, int review_after,
                               const std::vector<TrajectoryPoint>& points,
                               const std::string& instrument_name);

}  // namespace plasticity
