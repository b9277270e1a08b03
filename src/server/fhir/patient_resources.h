// One patient's records as FHIR resources, read from the store in one place for the FHIR reads,
// searches and the bulk export; and the patient a resource id belongs to, for reads by id.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "interop/instrument_json.h"
#include "interop/protocol_json.h"
#include "scheduling/clinic_schedule.h"
#include "server/fhir/fhir_resources.h"

namespace plasticity::server::fhir {

// The resource types of a patient's compartment that Plasticity serves.
const std::vector<std::string>& patient_resource_types();

struct ChartSources {
  Store& store;
  const InstrumentCatalog& instruments;
  const ProtocolCatalog& protocols;
  const ClinicSchedule& schedule;
};

// Every resource of the patient of the given types (each in patient_resource_types()), grouped
// by type in the order of `types`, each type in time order.
std::vector<FhirResource> patient_resources(const ChartSources& sources,
                                            const PatientRecord& patient,
                                            const std::set<std::string>& types);

// The patient whose record the resource id names; nullopt when no record has it.
std::optional<std::string> resource_owner(Store& store, const std::string& type,
                                          const std::string& id);

}  // namespace plasticity::server::fhir
