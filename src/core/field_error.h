// FieldError: one broken rule in input that came from outside (an HTTP body, a CLI flag, a file).
//
// Validation never stops at the first problem: it returns every FieldError it finds, so a form can
// show all of them at once. `field` is the input's own name for the field (JSON pointer-like for
// nested values, e.g. "diagnoses/1/code"); `rule` is a stable machine-readable name; `message` is
// the sentence a person reads.
//
//   std::vector<FieldError> errors = validate_demographics(input, today);
//   if (!errors.empty()) { /* answer 400 naming each field */ }
#pragma once

#include <string>
#include <vector>

namespace plasticity {

struct FieldError {
  std::string field;
  std::string rule;
  std::string message;

  bool operator==(const FieldError&) const = default;
};

using FieldErrors = std::vector<FieldError>;

}  // namespace plasticity
