// What a clinician is told when an assessment raises a flag: one alert per flag, with a message
// that says which answer raised it. Pure: the caller stores and shows them.
//
//   for (const FlagAlert& a : flag_alerts(phq9, answers, score)) { /* kind, message */ }
#pragma once

#include <string>
#include <vector>

#include "instruments/scoring.h"

namespace plasticity {

struct FlagAlert {
  std::string kind;  // the flag id
  std::string message;
};

// `previous_total`: the patient's last complete total on this instrument, if any; a rise of at
// least the instrument's worsening threshold adds a "worsening" alert.
std::vector<FlagAlert> flag_alerts(const Instrument& instrument, const Answers& answers,
                                   const AssessmentScore& score, std::optional<int> previous_total);

}  // namespace plasticity
