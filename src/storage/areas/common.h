// What every area of the Store shares: its failure and the outcome of acknowledging something.
#pragma once

#include <stdexcept>

namespace plasticity {

class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class AcknowledgeStatus { ok, not_found, already_acknowledged };

}  // namespace plasticity
