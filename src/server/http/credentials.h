// Passwords and session tokens, with libsodium: argon2id password hashes, 256-bit random tokens
// (base64url), and a BLAKE2b hash of each token, which is all the database keeps.
//
//   std::string hash = hash_password("correct horse battery");
//   verify_password(hash, "correct horse battery") == true;
//   std::string token = new_session_token();  // give to the client
//   store.create_session({token_hash(token), ...});
#pragma once

#include <string>
#include <string_view>

namespace plasticity::server {

// Throws std::runtime_error if libsodium cannot start or hashing runs out of memory.
std::string hash_password(std::string_view password);
bool verify_password(const std::string& hash, std::string_view password);
// True when `hash` was made with weaker parameters than today's: rehash at the next sign-in.
bool password_needs_rehash(const std::string& hash);

std::string new_session_token();
std::string token_hash(std::string_view token);
// A random id for records and requests: 32 lowercase hex digits (128 bits).
std::string new_random_id();

// A 256-bit secret key, as 64 hex digits.
std::string new_secret_key();
// A keyed BLAKE2b hash (a MAC) of `text` under the hex `key`: 32 hex digits. Without the key it
// can be neither recomputed nor reversed (the research export's ids).
std::string keyed_hash(const std::string& key, std::string_view text);

}  // namespace plasticity::server
