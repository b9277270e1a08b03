#include "storage/postgresql/database_url.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace plasticity::postgresql {
namespace {

using ::testing::HasSubstr;

TEST(DatabaseUrl, EveryPartIsRead) {
  const auto parsed =
      parse_database_url("postgresql://clinic:s3cret@db.example.org:6543/plasticity");
  ASSERT_TRUE(parsed.url) << parsed.error;
  EXPECT_EQ(parsed.url->user, "clinic");
  EXPECT_EQ(parsed.url->password, "s3cret");
  EXPECT_EQ(parsed.url->host, "db.example.org");
  EXPECT_EQ(parsed.url->port, 6543);
  EXPECT_EQ(parsed.url->database, "plasticity");
  EXPECT_TRUE(parsed.url->options.empty());
}

TEST(DatabaseUrl, PasswordAndPortAreOptionalAndTheShortSchemeIsTaken) {
  const auto parsed = parse_database_url("postgres://clinic@10.0.0.5/plasticity");
  ASSERT_TRUE(parsed.url) << parsed.error;
  EXPECT_EQ(parsed.url->password, "");
  EXPECT_EQ(parsed.url->port, 5432);
  EXPECT_EQ(parsed.url->host, "10.0.0.5");
}

TEST(DatabaseUrl, PercentEncodedCredentialsAreDecoded) {
  const auto parsed = parse_database_url("postgresql://dr%20who:p%40ss%2Fw%3Ard@db/clinic");
  ASSERT_TRUE(parsed.url) << parsed.error;
  EXPECT_EQ(parsed.url->user, "dr who");
  EXPECT_EQ(parsed.url->password, "p@ss/w:rd");
}

TEST(DatabaseUrl, TlsOptionsArePassedOn) {
  const auto parsed = parse_database_url(
      "postgresql://clinic@db/plasticity?sslmode=verify-full&sslrootcert=%2Fetc%2Fca.pem");
  ASSERT_TRUE(parsed.url) << parsed.error;
  ASSERT_EQ(parsed.url->options.size(), 2u);
  EXPECT_EQ(parsed.url->options[0],
            (std::pair<std::string, std::string>{"sslmode", "verify-full"}));
  EXPECT_EQ(parsed.url->options[1].second, "/etc/ca.pem");
}

TEST(DatabaseUrl, TheRedactedFormHidesThePassword) {
  const auto parsed = parse_database_url("postgresql://clinic:s3cret@db/plasticity");
  ASSERT_TRUE(parsed.url);
  EXPECT_EQ(parsed.url->redacted(), "postgresql://clinic:***@db:5432/plasticity");
}

struct Refusal {
  const char* url;
  const char* names;
};

class DatabaseUrlRefusal : public ::testing::TestWithParam<Refusal> {};

TEST_P(DatabaseUrlRefusal, NamesThePartAndTheRule) {
  const auto parsed = parse_database_url(GetParam().url);
  EXPECT_FALSE(parsed.url);
  EXPECT_THAT(parsed.error, HasSubstr("--database: "));
  EXPECT_THAT(parsed.error, HasSubstr(GetParam().names));
}

INSTANTIATE_TEST_SUITE_P(
    Cases, DatabaseUrlRefusal,
    ::testing::Values(Refusal{"mysql://a@b/c", "must begin with postgresql://"},
                      Refusal{"/var/lib/plasticity", "must begin with postgresql://"},
                      Refusal{"postgresql://db/plasticity", "a user is required"},
                      Refusal{"postgresql://@db/plasticity", "the user is empty"},
                      Refusal{"postgresql://a%zz@db/plasticity", "badly percent-encoded"},
                      Refusal{"postgresql://a:%0a@db/plasticity", "password"},
                      Refusal{"postgresql://a@db", "a database name is required"},
                      Refusal{"postgresql://a@db/", "the database name is empty"},
                      Refusal{"postgresql://a@db/x/y", "has a '/'"},
                      Refusal{"postgresql://a@db:0/x", "the port must be a number from 1 to 65535"},
                      Refusal{"postgresql://a@db:65536/x", "not '65536'"},
                      Refusal{"postgresql://a@db:54x/x", "not '54x'"},
                      Refusal{"postgresql://a@:5432/x", "the host must be"},
                      Refusal{"postgresql://a@db;rm/x", "the host must be"},
                      Refusal{"postgresql://a@db/x?host=evil", "option 'host' is not one"},
                      Refusal{"postgresql://a@db/x?sslmode=", "option 'sslmode' needs a value"}));

}  // namespace
}  // namespace plasticity::postgresql
