// A fresh temporary directory for one test, removed afterwards.
#pragma once

#include <filesystem>
#include <random>
#include <string>

namespace plasticity::testing {

class TestDirectory {
 public:
  TestDirectory() {
    std::random_device random;
    path_ = std::filesystem::temp_directory_path() /
            ("plasticity-test-" + std::to_string(random()) + std::to_string(random()));
    std::filesystem::create_directories(path_);
  }
  ~TestDirectory() { std::filesystem::remove_all(path_); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace plasticity::testing
