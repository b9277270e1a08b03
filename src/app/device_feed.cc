#include "app/device_feed.h"

#include <spdlog/spdlog.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <thread>
#include <utility>  // Asio 1.18's awaitable.hpp needs std::exchange under GCC 12 (STACK.md)

#include "core/utc_time.h"
#include "interop/hl7_v2.h"
#include "monitoring/vitals_simulation.h"

namespace plasticity::app {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = net::ip::tcp;

UtcTime now() {
  using namespace std::chrono;
  return UtcTime{duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count()};
}

struct Target {
  std::string scheme, host, port;
};

std::optional<Target> parse_target(const std::string& to) {
  const std::size_t colon_slash = to.find("://");
  if (colon_slash == std::string::npos) return std::nullopt;
  Target target{to.substr(0, colon_slash), "", ""};
  const std::string rest = to.substr(colon_slash + 3);
  const std::size_t colon = rest.rfind(':');
  if (colon == std::string::npos || colon == 0) return std::nullopt;
  target.host = rest.substr(0, colon);
  target.port = rest.substr(colon + 1);
  while (!target.port.empty() && target.port.back() == '/') target.port.pop_back();
  if (target.scheme != "mllp" && target.scheme != "http") return std::nullopt;
  return target;
}

// Where one chair's samples go.
class Sink {
 public:
  virtual ~Sink() = default;
  // True when the receiver acknowledged the samples.
  virtual bool send(std::size_t chair, const std::vector<VitalSample>& samples, UtcTime at) = 0;
};

// HL7 v2 ORU^R01 over MLLP, one connection for all chairs, as a monitoring gateway does.
class MllpSink : public Sink {
 public:
  MllpSink(const Target& target, std::vector<std::string> mrns)
      : socket_(io_), mrns_(std::move(mrns)) {
    net::connect(socket_, tcp::resolver(io_).resolve(target.host, target.port));
  }

  bool send(std::size_t chair, const std::vector<VitalSample>& samples, UtcTime at) override {
    static const char* const kCodes[] = {"150021^MDC_PRESS_BLD_NONINV_SYS^MDC",
                                         "150022^MDC_PRESS_BLD_NONINV_DIA^MDC",
                                         "150023^MDC_PRESS_BLD_NONINV_MEAN^MDC",
                                         "147842^MDC_ECG_HEART_RATE^MDC",
                                         "150456^MDC_PULS_OXIM_SAT_O2^MDC",
                                         "151562^MDC_RESP_RATE^MDC",
                                         "150344^MDC_TEMP^MDC",
                                         "151708^MDC_AWAY_CO2_ET^MDC"};
    const std::string time = hl7::to_hl7_time(at);
    const std::string chair_name = "Chair " + std::to_string(chair + 1);
    std::string message = "MSH|^~\\&|SIMULATED-MONITOR|PLASTICITY-DEMO|PLASTICITY|CLINIC|" + time +
                          "||ORU^R01^ORU_R01|SIM" + std::to_string(++sequence_) + "|P|2.6\r" +
                          "PID|||" + mrns_[chair] + "^^^CLINIC^MR\r" + "PV1||O|CHAIRS^^" +
                          chair_name + "\rOBR|1|||VITALS|||" + time + "\r";
    int index = 0;
    for (const auto& s : samples) {
      message += "OBX|" + std::to_string(++index) + "|NM|" + kCodes[static_cast<int>(s.kind)] +
                 "||" + std::to_string(static_cast<int>(s.value)) + "|" +
                 std::string(ucum_unit(s.kind)) + "|||||F|||" + time + "||||sim-monitor-" +
                 std::to_string(chair + 1) + "\r";
    }
    const std::string frame = "\x0b" + message + "\x1c\r";
    net::write(socket_, net::buffer(frame));
    std::string ack;
    net::read_until(socket_, net::dynamic_buffer(ack), "\x1c\r");
    return ack.find("MSA|AA|") != std::string::npos;
  }

 private:
  net::io_context io_;
  tcp::socket socket_;
  std::vector<std::string> mrns_;
  std::uint64_t sequence_ = 0;
};

// JSON batches over HTTP with a device token, one keep-alive connection.
class HttpSink : public Sink {
 public:
  HttpSink(const Target& target, std::vector<std::string> sessions, std::string token)
      : stream_(io_), host_(target.host), sessions_(std::move(sessions)), token_(std::move(token)) {
    stream_.connect(tcp::resolver(io_).resolve(target.host, target.port));
  }

  bool send(std::size_t chair, const std::vector<VitalSample>& samples, UtcTime at) override {
    nlohmann::json readings = nlohmann::json::array();
    for (const auto& s : samples) {
      readings.push_back({{"kind", to_string(s.kind)},
                          {"value", s.value},
                          {"unit", ucum_unit(s.kind)},
                          {"at", to_iso8601(at)},
                          {"device_id", "sim-monitor-" + std::to_string(chair + 1)}});
    }
    bhttp::request<bhttp::string_body> request{
        bhttp::verb::post, "/api/v1/sessions/" + sessions_[chair] + "/vitals", 11};
    request.set(bhttp::field::host, host_);
    request.set(bhttp::field::authorization, "Bearer " + token_);
    request.set(bhttp::field::content_type, "application/json");
    request.body() = nlohmann::json{{"readings", readings}}.dump();
    request.prepare_payload();
    bhttp::write(stream_, request);
    beast::flat_buffer buffer;
    bhttp::response<bhttp::string_body> response;
    bhttp::read(stream_, buffer, response);
    if (response.result_int() != 200) spdlog::warn("chair {}: {}", chair + 1, response.body());
    return response.result_int() == 200;
  }

 private:
  net::io_context io_;
  beast::tcp_stream stream_;
  std::string host_;
  std::vector<std::string> sessions_;
  std::string token_;
};

}  // namespace

int simulate_devices(const SimulateOptions& options) {
  const auto target = parse_target(options.to);
  if (!target) {
    std::cerr << "error: --to must be mllp://HOST:PORT or http://HOST:PORT\n";
    return 2;
  }
  std::vector<std::string> mrns = options.mrns;
  if (target->scheme == "mllp" && mrns.empty()) {
    for (int i = 1; i <= options.chairs; ++i) mrns.push_back("DEMO-000" + std::to_string(i));
  }
  const std::size_t chairs = target->scheme == "mllp" ? mrns.size() : options.sessions.size();
  if (chairs == 0 || (target->scheme == "http" && options.token.empty())) {
    std::cerr << "error: MLLP needs --mrns or --chairs; HTTP needs --sessions and --token\n";
    return 2;
  }
  if (!(options.rate_hz > 0 && options.rate_hz <= 1000) || !(options.minutes > 0)) {
    std::cerr << "error: --rate-hz must be in (0, 1000] and --minutes more than 0\n";
    return 2;
  }
  std::unique_ptr<Sink> sink;
  try {
    if (target->scheme == "mllp") {
      sink = std::make_unique<MllpSink>(*target, mrns);
    } else {
      sink = std::make_unique<HttpSink>(*target, options.sessions, options.token);
    }
  } catch (const std::exception& error) {
    std::cerr << "error: cannot connect to " << options.to << ": " << error.what() << "\n";
    return 1;
  }
  VitalsSimulation simulation{options.seed};
  std::vector<SimulatedPatient> patients;
  for (std::size_t i = 0; i < chairs; ++i) patients.push_back(simulation.new_patient());
  const auto start = std::chrono::steady_clock::now();
  const auto period = std::chrono::duration<double>(1.0 / options.rate_hz);
  const auto ticks = static_cast<std::uint64_t>(options.minutes * 60 * options.rate_hz);
  const auto bp_every =
      static_cast<std::uint64_t>(std::max(1.0, options.bp_every_minutes * 60 * options.rate_hz));
  std::uint64_t sent = 0, refused = 0;
  try {
    for (std::uint64_t tick = 0; tick < ticks; ++tick) {
      const double minutes = tick / options.rate_hz / 60;
      for (std::size_t chair = 0; chair < chairs; ++chair) {
        const auto samples = simulation.sample(patients[chair], minutes, tick % bp_every == 0);
        if (samples.empty()) continue;  // the monitor is disconnected
        ++(sink->send(chair, samples, now()) ? sent : refused);
      }
      std::this_thread::sleep_until(start + (tick + 1) * period);
    }
  } catch (const std::exception& error) {
    std::cerr << "error: the connection failed after " << sent << " messages: " << error.what()
              << "\n";
    return 1;
  }
  std::cout << "sent " << sent << " messages to " << chairs << " chairs; " << refused
            << " refused\n";
  return refused == 0 ? 0 : 1;
}

}  // namespace plasticity::app
