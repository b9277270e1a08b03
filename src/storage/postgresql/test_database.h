// A fresh, empty PostgreSQL database for one test, made on the server the test runs beside
// (ctest starts it with `pg_virtualenv -t`, which sets PGHOST, PGPORT, PGUSER and PGPASSWORD) with
// UTF-8 and the C collation, as Plasticity requires, and dropped afterwards.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <random>
#include <string>

#include "storage/postgresql/pg_connection.h"

namespace plasticity::postgresql {

inline DatabaseUrl server_url(const std::string& database) {
  const char* host = std::getenv("PGHOST");
  if (host == nullptr) {
    throw StoreError("PGHOST is not set: run these tests under `pg_virtualenv -t` (ctest does)");
  }
  const char* port = std::getenv("PGPORT");
  const char* user = std::getenv("PGUSER");
  const char* password = std::getenv("PGPASSWORD");
  DatabaseUrl url;
  url.host = host;
  url.port = static_cast<std::uint16_t>(port ? std::stoi(port) : 5432);
  url.user = user ? user : "postgres";
  url.password = password ? password : "";
  url.database = database;
  return url;
}

class ScratchDatabase {
 public:
  ScratchDatabase() {
    std::random_device random;
    name_ = "plasticity_test_" + std::to_string(random()) + std::to_string(random());
    Connection admin{server_url("postgres")};
    admin.execute("CREATE DATABASE " + name_ + " TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C'");
  }
  ~ScratchDatabase() {
    try {
      Connection admin{server_url("postgres")};
      admin.execute("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    } catch (const StoreError& error) {
      ADD_FAILURE() << "could not drop " << name_ << ": " << error.what();
    }
  }
  ScratchDatabase(const ScratchDatabase&) = delete;
  ScratchDatabase& operator=(const ScratchDatabase&) = delete;

  DatabaseUrl url() const { return server_url(name_); }

 private:
  std::string name_;
};

class TestDatabase : public ::testing::Test {
 protected:
  DatabaseUrl url() const { return database_.url(); }

 private:
  ScratchDatabase database_;
};

}  // namespace plasticity::postgresql
