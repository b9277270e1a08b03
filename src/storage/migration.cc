#include "storage/migration.h"

#include <string>

#include "storage/areas/common.h"

namespace plasticity {

void refuse_newer_schema(std::int64_t version, std::int64_t known) {
  if (version <= known) return;
  throw StoreError("this database has schema version " + std::to_string(version) +
                   ", newer than this Plasticity knows (" + std::to_string(known) +
                   "): it was written by a newer release. Upgrade Plasticity, or restore a "
                   "backup made by this release.");
}

std::int64_t migration_time_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace plasticity
