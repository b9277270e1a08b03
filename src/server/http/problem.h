// Problem documents (RFC 9457, application/problem+json): every error the API answers names what
// went wrong, and for bad input, each field and the rule it broke.
//
//   return problem(400, "invalid-patient", "The patient record is not valid", "...", errors);
#pragma once

#include <string>

#include "core/field_error.h"
#include "server/http/http_types.h"

namespace plasticity::server {

// `slug` becomes the type URI "urn:plasticity:problem:<slug>".
http::Response problem(int status, const std::string& slug, const std::string& title,
                       const std::string& detail, const FieldErrors& errors = {});

// A request refused by the transport before any route (http_server.h): 400 malformed-request,
// 413 body-too-large, 414 target-too-long, 431 headers-too-large, 503 unavailable.
http::Response transport_problem(int status, const std::string& detail);

// 400 for input that broke field rules: the detail lists the first error, `errors` all of them.
http::Response invalid_input(const std::string& title, const FieldErrors& errors);

// 404 patient-not-found: the one answer every patient-scoped route gives for an unknown id.
http::Response patient_not_found(const std::string& id);

}  // namespace plasticity::server
