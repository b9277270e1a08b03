// The outcome report as a printable PDF (libharu, as the REMS form), written from the report's
// JSON so it shows exactly what the API shows to the same reader (small cells withheld for a
// researcher): the caveats first, then every block, then the published figures with citations.
#pragma once

#include <string>

#include "server/http/request_support.h"

namespace plasticity::server {

std::string outcome_report_pdf(const OrderedJson& report, const std::string& generated_at);

}  // namespace plasticity::server
