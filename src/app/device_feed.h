// `plasticity simulate-devices`: streams simulated vital signs (monitoring/vitals_simulation.h)
// to a running Plasticity, over HL7 v2/MLLP as monitors do, or as JSON batches as gateways do.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace plasticity::app {

struct SimulateOptions {
  std::string to;                     // mllp://HOST:PORT or http://HOST:PORT
  std::vector<std::string> mrns;      // MLLP: one patient per chair (matched by the server)
  std::vector<std::string> sessions;  // HTTP: one session id per chair
  std::string token;                  // HTTP: a device token (POST /api/v1/devices)
  int chairs = 0;                     // MLLP without --mrns: DEMO-0001 .. DEMO-000N
  double rate_hz = 1;                 // samples per chair per second
  double minutes = 60;
  double bp_every_minutes = 5;  // a cuff cycle
  std::uint64_t seed = 1;
};

int simulate_devices(const SimulateOptions& options);

}  // namespace plasticity::app
