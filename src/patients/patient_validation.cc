// The registry's value rules. The bounds are plausibility limits for data entry (they catch a
// weight typed in pounds or grams), not clinical limits; dosing rules apply their own.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <regex>
#include <set>

#include "patients/patient.h"

namespace plasticity {
namespace {

constexpr std::size_t kMaxNameLength = 100;
constexpr std::size_t kMaxMrnLength = 32;
constexpr double kMaxWeightKg = 500;
constexpr double kMaxHeightCm = 300;
const CalendarDate kEarliestBirthDate{1900, 1, 1};

bool has_control_character(std::string_view text) {
  return std::any_of(text.begin(), text.end(),
                     [](char c) { return std::iscntrl(static_cast<unsigned char>(c)) != 0; });
}

bool is_blank(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; });
}

void check_text(FieldErrors& errors, const std::string& field, std::string_view value,
                std::size_t max_length) {
  if (is_blank(value)) {
    errors.push_back({field, "required", field + " must not be empty"});
  } else if (value.size() > max_length) {
    errors.push_back({field, "max_length",
                      field + " must be at most " + std::to_string(max_length) + " characters"});
  } else if (has_control_character(value)) {
    errors.push_back({field, "no_control_characters",
                      field + " must not contain control characters (tabs, line breaks)"});
  }
}

void check_phone(FieldErrors& errors, const std::string& field, std::string_view phone) {
  static const std::regex pattern{R"(^\+?[0-9 ().\-]{5,32}$)"};
  const auto digits = std::count_if(phone.begin(), phone.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c));
  });
  if (!std::regex_match(phone.begin(), phone.end(), pattern) || digits < 5) {
    errors.push_back(
        {field, "phone_format",
         field + " must be a phone number: digits, spaces, + ( ) . - (5 to 32 characters)"});
  }
}

void check_email(FieldErrors& errors, std::string_view email) {
  static const std::regex pattern{R"(^[^@\s]+@[^@\s]+\.[^@\s]+$)"};
  if (email.size() > 254 || !std::regex_match(email.begin(), email.end(), pattern)) {
    errors.push_back({"email", "email_format", "email must be an address like name@example.org"});
  }
}

void check_measure(FieldErrors& errors, const std::string& field, std::optional<double> value,
                   double maximum, const std::string& unit) {
  if (!value) return;
  if (!std::isfinite(*value) || *value <= 0) {
    errors.push_back({field, "positive", field + " must be a number greater than 0"});
  } else if (*value > maximum) {
    errors.push_back({field, "maximum",
                      field + " must be at most " + std::to_string(static_cast<int>(maximum)) +
                          " " + unit + " (is the unit right?)"});
  }
}

void check_birth_date(FieldErrors& errors, const CalendarDate& birth_date, CalendarDate today) {
  if (birth_date > today) {
    errors.push_back({"birth_date", "not_in_future", "birth_date must not be after today"});
  } else if (birth_date < kEarliestBirthDate) {
    errors.push_back({"birth_date", "minimum", "birth_date must be 1900-01-01 or later"});
  }
}

void check_emergency_contact(FieldErrors& errors, const EmergencyContact& contact) {
  check_text(errors, "emergency_contact/name", contact.name, kMaxNameLength);
  if (!contact.relationship.empty()) {
    check_text(errors, "emergency_contact/relationship", contact.relationship, kMaxNameLength);
  }
  check_phone(errors, "emergency_contact/phone", contact.phone);
}

void check_diagnoses(FieldErrors& errors, const std::vector<Diagnosis>& diagnoses) {
  // ICD-10: a letter, two characters, then an optional dot and up to four more (F33.2, F43.10).
  static const std::regex icd10{R"(^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$)"};
  if (diagnoses.size() > kMaxDiagnoses) {
    errors.push_back({"diagnoses", "max_items",
                      "diagnoses may list at most " + std::to_string(kMaxDiagnoses) + " entries"});
  }
  std::set<std::string> seen;
  for (std::size_t i = 0; i < diagnoses.size(); ++i) {
    const std::string base = "diagnoses/" + std::to_string(i);
    const Diagnosis& diagnosis = diagnoses[i];
    if (!std::regex_match(diagnosis.code, icd10)) {
      errors.push_back(
          {base + "/code", "icd10_format", base + "/code must be an ICD-10 code such as F33.2"});
    } else if (!seen.insert(diagnosis.code).second) {
      errors.push_back(
          {base + "/code", "unique", base + "/code lists " + diagnosis.code + " twice"});
    }
    check_text(errors, base + "/display", diagnosis.display, 200);
  }
}

}  // namespace

FieldErrors validate_demographics(const PatientDemographics& d, CalendarDate today) {
  FieldErrors errors;
  check_text(errors, "mrn", d.mrn, kMaxMrnLength);
  static const std::regex mrn_pattern{R"(^[A-Za-z0-9._\-]+$)"};
  if (!is_blank(d.mrn) && d.mrn.size() <= kMaxMrnLength && !std::regex_match(d.mrn, mrn_pattern)) {
    errors.push_back(
        {"mrn", "mrn_format", "mrn may contain only letters, digits, '.', '_' and '-'"});
  }
  check_text(errors, "given_name", d.given_name, kMaxNameLength);
  check_text(errors, "family_name", d.family_name, kMaxNameLength);
  check_birth_date(errors, d.birth_date, today);
  check_measure(errors, "weight_kg", d.weight_kg, kMaxWeightKg, "kg");
  check_measure(errors, "height_cm", d.height_cm, kMaxHeightCm, "cm");
  if (d.phone) check_phone(errors, "phone", *d.phone);
  if (d.email) check_email(errors, *d.email);
  if (d.emergency_contact) check_emergency_contact(errors, *d.emergency_contact);
  check_diagnoses(errors, d.diagnoses);
  return errors;
}

}  // namespace plasticity
