// The SPRAVATO REMS Patient Monitoring Form as a printable PDF (libharu), filled from the session
// record: for the clinic's records and for submission by fax or upload. Fields carry the form's
// wording, times the clinic's zone (named on the form). Missing answers are printed as "MISSING"
// so an incomplete form cannot pass for a complete one.
#pragma once

#include <string>

#include "core/clinic_time.h"
#include "monitoring/monitoring_form.h"

namespace plasticity {

struct MonitoringFormPatient {
  std::string given_name;
  std::string family_name;
  std::string birth_date;
  std::string sex;
  std::string mrn;
};

// The PDF file's bytes. Throws std::runtime_error if libharu fails.
std::string monitoring_form_pdf(const MonitoringForm& form, const MonitoringFormPatient& patient,
                                const ClinicTimeZone& zone);

}  // namespace plasticity
