// How both engines end a unit of work: run it on the connection, commit, hand back what it
// returned (if anything). An exception from the work leaves the transaction uncommitted, and its
// destructor rolls it back.
#pragma once

#include <type_traits>

namespace plasticity {

template <class Transaction, class Connection, class Work>
auto commit_after(Transaction& transaction, Connection& db, Work& work) {
  if constexpr (std::is_void_v<decltype(work(db))>) {
    work(db);
    transaction.commit();
  } else {
    auto result = work(db);
    transaction.commit();
    return result;
  }
}

}  // namespace plasticity
