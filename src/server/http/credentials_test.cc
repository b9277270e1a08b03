#include "server/http/credentials.h"

#include <gtest/gtest.h>

namespace plasticity::server {
namespace {

TEST(Credentials, PasswordsHashWithArgon2idAndVerify) {
  const std::string hash = hash_password("a long clinic password");
  EXPECT_EQ(hash.rfind("$argon2id$v=19$m=65536,t=2,p=1$", 0), 0u) << hash;
  EXPECT_TRUE(verify_password(hash, "a long clinic password"));
  EXPECT_FALSE(verify_password(hash, "a long clinic passworD"));
  EXPECT_FALSE(password_needs_rehash(hash));
  EXPECT_NE(hash_password("a long clinic password"), hash);  // salted
}

TEST(Credentials, TokensAreLongRandomAndStoredOnlyAsHashes) {
  const std::string a = new_session_token(), b = new_session_token();
  EXPECT_EQ(a.size(), 43u);  // 32 bytes in unpadded base64url
  EXPECT_NE(a, b);
  EXPECT_EQ(a.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
            std::string::npos);
  EXPECT_EQ(token_hash(a), token_hash(a));
  EXPECT_NE(token_hash(a), token_hash(b));
  EXPECT_EQ(token_hash(a).size(), 64u);
  EXPECT_EQ(new_random_id().size(), 32u);
}

TEST(Credentials, KeyedHashesNeedTheKey) {
  const std::string key = new_secret_key();
  ASSERT_EQ(key.size(), 64u);
  const std::string id = keyed_hash(key, "patient:abc");
  EXPECT_EQ(id.size(), 32u);
  EXPECT_EQ(keyed_hash(key, "patient:abc"), id);  // stable: the same research id every export
  EXPECT_NE(keyed_hash(new_secret_key(), "patient:abc"), id);
  EXPECT_NE(keyed_hash(key, "patient:abd"), id);
  EXPECT_THROW(keyed_hash("zz", "x"), std::runtime_error);
}

}  // namespace
}  // namespace plasticity::server
