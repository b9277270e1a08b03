// VitalsWriter: vital signs from many senders, committed together. Monitors and gateways send
// small batches, and each must be on disk before it is acknowledged; a commit (its fsync) costs
// about the same for one batch as for fifty, so one thread takes everything queued while the
// previous commit ran and stores it in one transaction (group commit), and another calls the
// senders back, so the next commit does not wait for what they do with the news. A sender either
// waits (write) or is called back once its batch is on disk (submit): an MLLP connection holds
// no thread while its message is stored, so every connection's message can share a commit.
//
//   VitalsWriter writer{store};
//   std::size_t added = writer.write({session_id, readings, audit});  // blocks; throws StoreError
//   writer.submit({session_id, readings, audit},
//                 [](const VitalsBatch& batch, std::size_t added, std::exception_ptr error) {...});
#pragma once

#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>
#include <stop_token>
#include <thread>
#include <vector>

#include "storage/areas/session_store.h"

namespace plasticity {

class VitalsWriter {
 public:
  // Called once, on the writer's notifying thread, with the batch: with the number of its new
  // readings when it is on disk, or with the error when it could not be stored (then none of it
  // is). It must not throw; callbacks run one after another, in the order of the commits.
  using Done =
      std::function<void(const VitalsBatch& batch, std::size_t added, std::exception_ptr error)>;

  explicit VitalsWriter(TreatmentSessionStore& store);
  ~VitalsWriter();  // stores what is queued, then stops
  VitalsWriter(const VitalsWriter&) = delete;
  VitalsWriter& operator=(const VitalsWriter&) = delete;

  void submit(VitalsBatch batch, Done done);
  std::size_t write(VitalsBatch batch);

 private:
  struct Pending {
    VitalsBatch batch;
    Done done;
  };
  struct Group {
    std::vector<Pending> pending;
    std::vector<VitalsBatch> batches;  // moved out of `pending`, for the store
    std::vector<std::size_t> added;
    std::vector<std::exception_ptr> errors;
  };
  void commit(std::stop_token stop);
  void store(Group& group);
  void notify(std::stop_token stop);

  TreatmentSessionStore& store_;
  std::mutex queue_mutex_;
  std::condition_variable_any queued_;
  std::vector<Pending> queue_;
  std::mutex stored_mutex_;
  std::condition_variable_any stored_ready_;
  std::vector<Group> stored_;
  // Last, in this order: the committer stops and is joined first, then the notifier.
  std::jthread notifier_;
  std::jthread committer_;
};

}  // namespace plasticity
