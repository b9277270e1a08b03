// Serves the built web UI: files under the web root, hashed assets (/assets/*) cached for a year,
// index.html never cached, and index.html for client-side routes such as /patients/abc.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "server/http/http_types.h"

namespace plasticity::server {

// std::nullopt when there is nothing to serve (no UI built, or a missing file with an extension).
std::optional<http::Response> serve_web_file(const std::filesystem::path& web_root,
                                             const std::string& path);

}  // namespace plasticity::server
