// The demo clinic: fictional staff (one per role, one shared password) and fictional patients, for
// trying Plasticity out. Seeding is idempotent: what already exists is left alone.
#pragma once

#include <string>

#include "interop/protocol_json.h"
#include "scheduling/clinic_schedule.h"
#include "storage/store.h"

namespace plasticity::app {

constexpr const char* kDemoPassword = "plasticity-demo";

// Returns the number of patients it added (0 when the clinic was seeded before).
int seed_demo_clinic(Store& store, UtcTime now);

// Yesterday's history: a discharged esketamine session for the last demo patient, with its
// vitals, chair records and checklists, whose REMS monitoring form still waits for the nurse's
// answers. Does nothing when that patient has a session already. Returns the sessions it added.
int seed_demo_history(Store& store, const ProtocolCatalog& protocols,
                      const ClinicSchedule& schedule, UtcTime now);

// Puts the first `chairs` demo patients in chairs, dosing since `now` (pre-dose checks and vitals
// recorded), unless they already have an active session: the live chairs `simulate-devices`
// feeds. Every demo session takes its chair on the calendar, as a booked one does. Returns the
// number of sessions started.
int start_demo_sessions(Store& store, const ProtocolCatalog& protocols,
                        const ClinicSchedule& schedule, UtcTime now, int chairs);

}  // namespace plasticity::app
