// `plasticity compact`: seals every finished session's vital signs into compact blocks now
// (storage/vital_block.h), a few sessions a transaction, with progress; what the server otherwise
// does in the background. Resumable: stopped at any point, what was sealed stays sealed and the
// rest are still rows, and a second run goes on from there.
#include <chrono>
#include <iostream>

#include "app/clinic_loading.h"
#include "app/commands.h"
#include "server/api.h"

namespace plasticity::app {

SealReport seal_all(Store& store, std::ostream* progress) {
  constexpr std::size_t kSessionsPerTransaction = 20;
  SealReport total;
  auto reported = std::chrono::steady_clock::now();
  for (SealReport pass{.more = true}; pass.more;) {
    pass = store.seal_finished_vitals(kSessionsPerTransaction, server::system_now());
    total.sessions += pass.sessions;
    total.readings += pass.readings;
    if (progress &&
        (std::chrono::steady_clock::now() - reported > std::chrono::seconds(1) || !pass.more)) {
      *progress << "sealed " << total.readings << " readings of " << total.sessions
                << " finished sessions" << (pass.more ? "; going on\n" : "\n");
      reported = std::chrono::steady_clock::now();
    }
  }
  return total;
}

int compact(const StoreLocation& where) {
  const auto store = open_records(where);
  if (store == nullptr) return 2;
  const SealReport sealed = seal_all(*store, &std::cerr);
  std::cout << "{\"sessions\":" << sealed.sessions << ",\"readings\":" << sealed.readings << "}\n";
  return 0;
}

}  // namespace plasticity::app
