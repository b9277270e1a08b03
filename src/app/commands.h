// The CLI's subcommands, each returning the process exit code.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

namespace plasticity::app {

struct ServeOptions {
  std::filesystem::path data_dir;
  std::string listen = "127.0.0.1:8080";
  bool demo = false;
  int threads = 4;
  std::filesystem::path web_root;
  bool secure_cookies = false;
  int session_idle_minutes = 30;
  std::filesystem::path instruments_dir;  // the shipped definitions
  std::filesystem::path protocols_dir;    // the shipped protocols
  std::filesystem::path eligibility_dir;  // the shipped screening rules
  std::filesystem::path scheduling_dir;   // the shipped clinic schedule
  std::filesystem::path outcomes_dir;     // the shipped published outcome figures
  int link_valid_hours = 96;
  int reading_lookback_minutes = 60;  // readings may start this long before their session
  int weight_max_age_days = 30;       // a dose from an older chart weight says so
  int outbox_every_seconds = 30;      // how often due patient messages are e-mailed
  std::string crisis_text;            // empty: the built-in default
  std::string mllp;                   // HOST:PORT for HL7 v2 over MLLP; empty: off
  int max_connections = 1000;         // HTTP and WebSocket, at once
  int request_deadline_seconds = 30;  // a request not answered by then gets 503
};

int serve(const ServeOptions& options);
int add_user(const std::filesystem::path& data_dir, const std::string& username,
             const std::string& role);
int migrate(const std::filesystem::path& data_dir);
int backup(const std::filesystem::path& data_dir, const std::filesystem::path& to);

// Pharmacology (pk_commands.cc): JSON out; bad input is exit code 2 with one line naming the field.
int pk_models();
int pk_simulate(const std::string& input);
int pk_population(const std::string& input, std::size_t n, std::uint64_t seed, int threads);

}  // namespace plasticity::app
