// JSON request reading for each resource, through the real Api over a real SQLite store (on
// /dev/shm, where fsync costs nothing): the input picks the staff member's role and a write route
// (with ids of records that exist), and is the body. Whatever the body, the answer is never a 500,
// and it is UTF-8.
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/utf8.h"
#include "server/api.h"
#include "server/http/credentials.h"
#include "storage/sqlite/sqlite_store.h"

using namespace plasticity;

namespace {

const std::string kPassword = "correct horse battery staple";
const std::string kSource = PLASTICITY_SOURCE_DIR;

struct Clinic {
  std::filesystem::path directory;
  std::unique_ptr<SqliteStore> store;
  InstrumentCatalog instruments;
  ProtocolCatalog protocols;
  std::unique_ptr<server::Api> api;
  std::vector<std::string> tokens;  // admin, prescriber, nurse, therapist, front desk
  std::string patient_id, session_id;

  http::Response call(const std::string& method, const std::string& target, const std::string& body,
                      const std::string& token) {
    http::Request request{method, target, {{"host", "localhost"}}, body, "127.0.0.1"};
    if (!body.empty()) request.headers["content-type"] = "application/json";
    if (!token.empty()) request.headers["authorization"] = "Bearer " + token;
    return api->handle(request);
  }
};

Clinic& clinic() {
  static Clinic* made = [] {
    spdlog::set_level(spdlog::level::off);  // a line a request would drown the fuzzer's own
    auto* c = new Clinic;
    const std::filesystem::path base =
        std::filesystem::exists("/dev/shm") ? "/dev/shm" : std::filesystem::temp_directory_path();
    c->directory = base / ("plasticity-fuzz-" + std::to_string(getpid()));
    std::filesystem::create_directories(c->directory);
    c->store = SqliteStore::open(c->directory / "plasticity.db");
    c->instruments = load_instrument_catalog({kSource + "/src/instruments/definitions"});
    c->protocols = load_protocol_catalog({kSource + "/src/protocols/definitions"});
    ClinicSettings settings;
    settings.screening_rules =
        load_screening_rules({kSource + "/src/eligibility/definitions"}, c->protocols);
    settings.schedule =
        load_clinic_schedule({kSource + "/src/scheduling/definitions"}, c->protocols);
    c->api =
        std::make_unique<server::Api>(*c->store, c->instruments, c->protocols, std::move(settings),
                                      server::ApiOptions{}, server::system_now);
    for (const Role role :
         {Role::admin, Role::prescriber, Role::nurse, Role::therapist, Role::front_desk}) {
      const std::string name = "fuzz." + std::string(to_string(role));
      c->store->create_staff({0, name, role, server::hash_password(kPassword), UtcTime{0}});
      const auto signed_in =
          c->call("POST", "/api/v1/session",
                  nlohmann::json{{"username", name}, {"password", kPassword}}.dump(), "");
      c->tokens.push_back(nlohmann::json::parse(signed_in.body).at("token"));
    }
    const auto patient = c->call("POST", "/api/v1/patients", R"({"mrn":"FUZZ-1","given_name":"Ada",
        "family_name":"Fuzz","birth_date":"1980-01-01","sex_at_birth":"female","weight_kg":70})",
                                 c->tokens[1]);
    c->patient_id = nlohmann::json::parse(patient.body).at("id");
    const auto session = c->call("POST", "/api/v1/sessions",
                                 nlohmann::json{{"patient_id", c->patient_id},
                                                {"protocol", "iv_ketamine"},
                                                {"scheduled_at", to_iso8601(server::system_now())},
                                                {"chair", "Chair 1"},
                                                {"dose_mg_per_kg", 0.5},
                                                {"concentration_mg_per_ml", 10},
                                                {"lot_number", "KET-1"},
                                                {"lot_expiry", "2030-01-31"}}
                                     .dump(),
                                 c->tokens[1]);
    if (session.status != 201) {
      fprintf(stderr, "fuzz_api_request: no session to fuzz: %s\n", session.body.c_str());
      std::abort();
    }
    c->session_id = nlohmann::json::parse(session.body).at("id");
    return c;
  }();
  return *made;
}

// Every route that reads a JSON body.
std::vector<std::pair<std::string, std::string>> write_routes(const Clinic& c) {
  const std::string p = "/api/v1/patients/" + c.patient_id, s = "/api/v1/sessions/" + c.session_id;
  return {{"POST", "/api/v1/session"},
          {"POST", "/api/v1/patients"},
          {"PATCH", p},
          {"POST", p + "/assessments"},
          {"POST", p + "/assessment-links"},
          {"POST", "/api/v1/alerts/a1/acknowledgement"},
          {"POST", "/api/v1/sessions"},
          {"POST", s + "/transitions"},
          {"POST", s + "/checklist"},
          {"POST", s + "/vitals"},
          {"POST", s + "/alarms/a1/acknowledgement"},
          {"POST", s + "/events"},
          {"POST", s + "/monitoring-form/submission"},
          {"POST", "/api/v1/devices"},
          {"POST", p + "/screenings"},
          {"POST", "/api/v1/screenings/x/sign-off"},
          {"POST", p + "/plans"},
          {"PATCH", "/api/v1/plans/x"},
          {"POST", "/api/v1/resources"},
          {"PUT", "/api/v1/staff/1/hours"},
          {"POST", "/api/v1/appointments"},
          {"PATCH", "/api/v1/appointments/x"},
          {"POST", p + "/therapy-notes"},
          {"POST", "/api/v1/therapy-notes/x/grants"},
          {"POST", "/api/v1/links/x/responses"}};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  Clinic& c = clinic();
  static const auto routes = write_routes(c);
  const auto& [method, target] = routes[data[0] % routes.size()];
  const std::string& token = c.tokens[data[1] % c.tokens.size()];
  const std::string body(reinterpret_cast<const char*>(data) + 2, size - 2);
  const http::Response response = c.call(method, target, body.empty() ? "{}" : body, token);
  if (response.status >= 500 || !is_valid_utf8(response.body)) {
    fprintf(stderr, "%s %s -> %d %s\n", method.c_str(), target.c_str(), response.status,
            response.body.c_str());
    std::abort();
  }
  return 0;
}
