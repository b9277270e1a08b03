#include "patients/patient.h"

namespace plasticity {

const std::vector<std::string_view>& sex_at_birth_values() {
  static const std::vector<std::string_view> values{"female", "male", "intersex", "unknown"};
  return values;
}

std::string_view to_string(SexAtBirth sex) {
  return sex_at_birth_values().at(static_cast<std::size_t>(sex));
}

std::optional<SexAtBirth> parse_sex_at_birth(std::string_view text) {
  const auto& values = sex_at_birth_values();
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (values[i] == text) return static_cast<SexAtBirth>(i);
  }
  return std::nullopt;
}

std::vector<std::string> changed_fields(const PatientDemographics& before,
                                        const PatientDemographics& after) {
  std::vector<std::string> changed;
  auto note = [&changed](bool differs, const char* name) {
    if (differs) changed.emplace_back(name);
  };
  note(before.mrn != after.mrn, "mrn");
  note(before.given_name != after.given_name, "given_name");
  note(before.family_name != after.family_name, "family_name");
  note(before.birth_date != after.birth_date, "birth_date");
  note(before.sex_at_birth != after.sex_at_birth, "sex_at_birth");
  note(before.weight_kg != after.weight_kg, "weight_kg");
  note(before.height_cm != after.height_cm, "height_cm");
  note(before.phone != after.phone, "phone");
  note(before.email != after.email, "email");
  note(before.emergency_contact != after.emergency_contact, "emergency_contact");
  note(before.diagnoses != after.diagnoses, "diagnoses");
  return changed;
}

}  // namespace plasticity
