// The FHIR side of HTTP: responses as application/fhir+json, every refusal as an OperationOutcome,
// the server's base URL, and the CapabilityStatement that says exactly what is served.
#pragma once

#include <string>

#include "server/http/request_support.h"

namespace plasticity::server::fhir {

inline constexpr const char* kFhirJson = "application/fhir+json";

http::Response fhir_response(int status, const OrderedJson& resource);

// A problem response (server/http/problem.h) as an OperationOutcome, its field errors as issues
// whose expression names the parameter or field; any other response unchanged.
http::Response as_operation_outcome(http::Response response);

// "http(s)://host/fhir" from the request's Host (Plasticity behind TLS says so by secure cookies).
std::string fhir_base_url(const RequestContext& context, bool secure);

OrderedJson capability_statement(const std::string& base_url, const std::string& version,
                                 UtcTime published);

}  // namespace plasticity::server::fhir
