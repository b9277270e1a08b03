// JSON for a staff member as the API shows them (never the password hash).
#pragma once

#include "server/http/request_support.h"

namespace plasticity::server {

OrderedJson staff_to_json(const StaffAccount& staff);

}  // namespace plasticity::server
