// What every area of the Store shares: its failure and the outcome of acknowledging something.
#pragma once

#include <stdexcept>

namespace plasticity {

class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Thrown by either engine when a write breaks a UNIQUE constraint, so an area can turn it into an
// expected outcome (a username or MRN already taken).
class UniqueViolation : public StoreError {
 public:
  using StoreError::StoreError;
};

enum class AcknowledgeStatus { ok, not_found, already_acknowledged };

}  // namespace plasticity
