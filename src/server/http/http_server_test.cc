// The HTTP server's own limits, with a handler the test controls: a handler that overruns the
// deadline is answered 503 (not silence), and a slow but timely answer still reaches the client.
#include "server/http/http_server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <thread>

namespace plasticity::http {
namespace {

// Sends one request and reads until the server closes or `wait` passes.
std::string exchange(unsigned short port, const std::string& request,
                     std::chrono::seconds wait = std::chrono::seconds(10)) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval timeout{static_cast<time_t>(wait.count()), 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) return "";
  send(fd, request.data(), request.size(), 0);
  std::string answer;
  char chunk[4096];
  for (ssize_t n; (n = recv(fd, chunk, sizeof chunk, 0)) > 0;) answer.append(chunk, n);
  close(fd);
  return answer;
}

class SlowHandlerTest : public ::testing::Test {
 protected:
  void start(std::chrono::milliseconds handler_takes) {
    ServerOptions options;
    options.address = "127.0.0.1";
    options.port = 0;
    options.threads = 1;
    options.handler_deadline = std::chrono::seconds(1);
    options.refuse = [](int status, const std::string& detail) {
      return Response{status, "text/plain", {}, "refused: " + detail};
    };
    server_ = std::make_unique<HttpServer>(options, [handler_takes](const Request&) {
      std::this_thread::sleep_for(handler_takes);
      return Response{200, "text/plain", {}, "done"};
    });
    thread_ = std::thread([this] { server_->run(); });
  }
  void TearDown() override {
    server_->stop();
    thread_.join();
  }
  std::unique_ptr<HttpServer> server_;
  std::thread thread_;
};

TEST_F(SlowHandlerTest, AHandlerPastTheDeadlineIsAnswered503) {
  start(std::chrono::milliseconds(2500));
  const std::string answer = exchange(server_->port(), "GET /slow HTTP/1.1\r\nHost: h\r\n\r\n");
  EXPECT_EQ(answer.rfind("HTTP/1.1 503", 0), 0u) << answer;
  EXPECT_NE(answer.find("refused: the request took too long"), std::string::npos) << answer;
  EXPECT_EQ(answer.find("\r\n\r\ndone"), std::string::npos) << answer;
}

TEST_F(SlowHandlerTest, AnAnswerWithinTheDeadlineIsWritten) {
  start(std::chrono::milliseconds(300));
  const std::string answer =
      exchange(server_->port(), "GET /slow HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(answer.rfind("HTTP/1.1 200", 0), 0u) << answer;
  EXPECT_NE(answer.find("done"), std::string::npos) << answer;
}

}  // namespace
}  // namespace plasticity::http
