// The patient registry's record: who the patient is, how to reach them and what they are treated
// for. Every change makes a new version; earlier versions stay readable (see storage/store.h).
//
//   PatientDemographics d{.mrn = "A-100", .given_name = "Ada", .family_name = "Example", ...};
//   FieldErrors errors = validate_demographics(d, today);
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar_date.h"
#include "core/field_error.h"
#include "core/utc_time.h"

namespace plasticity {

// Sex assigned at birth, as a registry records it; dosing models use it as a covariate.
enum class SexAtBirth { female, male, intersex, unknown };

std::string_view to_string(SexAtBirth sex);
std::optional<SexAtBirth> parse_sex_at_birth(std::string_view text);
// The accepted spellings, for error messages and the UI.
const std::vector<std::string_view>& sex_at_birth_values();

// An ICD-10 coded diagnosis, e.g. {"F33.2", "Major depressive disorder, recurrent severe ..."}.
struct Diagnosis {
  std::string code;
  std::string display;

  bool operator==(const Diagnosis&) const = default;
};

struct EmergencyContact {
  std::string name;
  std::string relationship;
  std::string phone;

  bool operator==(const EmergencyContact&) const = default;
};

struct PatientDemographics {
  std::string mrn;  // medical record number, unique in the clinic
  std::string given_name;
  std::string family_name;
  CalendarDate birth_date;
  SexAtBirth sex_at_birth = SexAtBirth::unknown;
  std::optional<double> weight_kg;
  std::optional<double> height_cm;
  std::optional<std::string> phone;
  std::optional<std::string> email;
  std::optional<EmergencyContact> emergency_contact;
  std::vector<Diagnosis> diagnoses;

  bool operator==(const PatientDemographics&) const = default;
};

struct PatientRecord {
  std::string id;  // server-made, never reused
  PatientDemographics demographics;
  UtcTime created_at;
  UtcTime updated_at;
  std::int64_t version = 1;  // 1 for a new record, +1 for each change
};

// The most diagnoses a record lists (a chart's problem list, not a billing history).
inline constexpr std::size_t kMaxDiagnoses = 50;

// Checks every value against the registry's rules; `today` is the clinic's current date (birth
// dates after it are refused). Returns every broken rule, empty when the record is acceptable.
FieldErrors validate_demographics(const PatientDemographics& demographics, CalendarDate today);

// The API names of the fields that differ between two versions, in a stable order.
std::vector<std::string> changed_fields(const PatientDemographics& before,
                                        const PatientDemographics& after);

}  // namespace plasticity
