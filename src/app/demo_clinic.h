// The demo clinic: fictional staff (one per role, one shared password) and fictional patients, for
// trying Plasticity out. Seeding is idempotent: what already exists is left alone.
#pragma once

#include <string>

#include "storage/store.h"

namespace plasticity::app {

constexpr const char* kDemoPassword = "plasticity-demo";

// Returns the number of patients it added (0 when the clinic was seeded before).
int seed_demo_clinic(Store& store, UtcTime now);

}  // namespace plasticity::app
