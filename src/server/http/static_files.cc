#include "server/http/static_files.h"

#include <fstream>
#include <map>
#include <sstream>

namespace plasticity::server {
namespace {

std::string content_type_for(const std::filesystem::path& file) {
  static const std::map<std::string, std::string> types{{".html", "text/html; charset=utf-8"},
                                                        {".js", "text/javascript; charset=utf-8"},
                                                        {".css", "text/css; charset=utf-8"},
                                                        {".svg", "image/svg+xml"},
                                                        {".png", "image/png"},
                                                        {".ico", "image/x-icon"},
                                                        {".json", "application/json"},
                                                        {".woff2", "font/woff2"},
                                                        {".txt", "text/plain; charset=utf-8"},
                                                        {".map", "application/json"}};
  auto it = types.find(file.extension().string());
  return it == types.end() ? "application/octet-stream" : it->second;
}

std::optional<std::string> read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

// The file `path` names inside `root`, or std::nullopt when it would step outside it.
std::optional<std::filesystem::path> inside(const std::filesystem::path& root,
                                            const std::string& path) {
  const std::filesystem::path relative = std::filesystem::path(path).relative_path();
  for (const auto& part : relative) {
    if (part == ".." || part == ".") return std::nullopt;
  }
  return root / relative;
}

}  // namespace

std::optional<http::Response> serve_web_file(const std::filesystem::path& web_root,
                                             const std::string& path) {
  if (web_root.empty()) return std::nullopt;
  auto file = inside(web_root, path == "/" ? "/index.html" : path);
  if (!file) return std::nullopt;
  const bool is_client_route = file->extension().empty();
  std::error_code ec;
  if (is_client_route || !std::filesystem::is_regular_file(*file, ec)) {
    if (!is_client_route) return std::nullopt;
    file = web_root / "index.html";
  }
  auto content = read_file(*file);
  if (!content) return std::nullopt;
  http::Response response{200, content_type_for(*file), {}, std::move(*content)};
  const bool hashed_asset = path.rfind("/assets/", 0) == 0;
  response.with_header("Cache-Control",
                       hashed_asset ? "public, max-age=31536000, immutable" : "no-cache");
  return response;
}

}  // namespace plasticity::server
