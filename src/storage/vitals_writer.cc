#include "storage/vitals_writer.h"

#include <future>
#include <utility>

namespace plasticity {

VitalsWriter::VitalsWriter(TreatmentSessionStore& store)
    : store_(store),
      notifier_([this](std::stop_token stop) { notify(stop); }),
      committer_([this](std::stop_token stop) { commit(stop); }) {}

// committer_ stops (storing what is queued) and is joined first, then notifier_ (answering what
// was stored): both are jthreads.
VitalsWriter::~VitalsWriter() = default;

void VitalsWriter::submit(VitalsBatch batch, Done done) {
  {
    std::lock_guard lock(queue_mutex_);
    queue_.push_back({std::move(batch), std::move(done)});
  }
  queued_.notify_one();
}

std::size_t VitalsWriter::write(VitalsBatch batch) {
  std::promise<std::size_t> stored;
  submit(std::move(batch),
         [&stored](const VitalsBatch&, std::size_t added, std::exception_ptr error) {
           if (error) {
             stored.set_exception(error);
           } else {
             stored.set_value(added);
           }
         });
  return stored.get_future().get();
}

void VitalsWriter::commit(std::stop_token stop) {
  for (;;) {
    Group group;
    {
      std::unique_lock lock(queue_mutex_);
      // Once asked to stop, what is still queued is stored before the thread ends.
      queued_.wait(lock, stop, [this] { return !queue_.empty(); });
      if (queue_.empty()) return;
      group.pending.swap(queue_);
    }
    store(group);
    {
      std::lock_guard lock(stored_mutex_);
      stored_.push_back(std::move(group));
    }
    stored_ready_.notify_one();
  }
}

void VitalsWriter::store(Group& group) {
  group.batches.reserve(group.pending.size());
  for (Pending& pending : group.pending) group.batches.push_back(std::move(pending.batch));
  group.errors.assign(group.batches.size(), nullptr);
  try {
    group.added = store_.record_vitals(group.batches);
  } catch (const std::exception&) {
    // One bad batch must not fail the others: each is stored alone, so only it fails.
    group.added.assign(group.batches.size(), 0);
    for (std::size_t i = 0; i < group.batches.size(); ++i) {
      try {
        group.added[i] = store_.record_vitals({group.batches[i]}).front();
      } catch (const std::exception&) {
        group.errors[i] = std::current_exception();
      }
    }
  }
}

void VitalsWriter::notify(std::stop_token stop) {
  for (;;) {
    std::vector<Group> groups;
    {
      std::unique_lock lock(stored_mutex_);
      stored_ready_.wait(lock, stop, [this] { return !stored_.empty(); });
      if (stored_.empty()) return;
      groups.swap(stored_);
    }
    for (Group& group : groups) {
      for (std::size_t i = 0; i < group.pending.size(); ++i) {
        group.pending[i].done(group.batches[i], group.added[i], group.errors[i]);
      }
    }
  }
}

}  // namespace plasticity
