#include "server/http/credentials.h"

#include <sodium.h>

#include <stdexcept>
#include <vector>

namespace plasticity::server {
namespace {

// Interactive limits (t=2, 64 MiB): ~0.1 s a sign-in on these machines, the libsodium default.
constexpr auto kOpsLimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
constexpr auto kMemLimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;

void ensure_sodium() {
  static const bool ready = sodium_init() >= 0;
  if (!ready) throw std::runtime_error("libsodium could not be initialised");
}

std::string hex(const unsigned char* bytes, std::size_t size) {
  std::string text(size * 2 + 1, '\0');
  sodium_bin2hex(text.data(), text.size(), bytes, size);
  text.pop_back();
  return text;
}

}  // namespace

std::string hash_password(std::string_view password) {
  ensure_sodium();
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(hash, password.data(), password.size(), kOpsLimit, kMemLimit) != 0) {
    throw std::runtime_error("out of memory while hashing a password");
  }
  return hash;
}

bool verify_password(const std::string& hash, std::string_view password) {
  ensure_sodium();
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

bool password_needs_rehash(const std::string& hash) {
  ensure_sodium();
  return crypto_pwhash_str_needs_rehash(hash.c_str(), kOpsLimit, kMemLimit) != 0;
}

std::string new_session_token() {
  ensure_sodium();
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  const auto variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string text(sodium_base64_ENCODED_LEN(sizeof bytes, variant), '\0');
  sodium_bin2base64(text.data(), text.size(), bytes, sizeof bytes, variant);
  text.resize(text.find('\0'));
  return text;
}

std::string token_hash(std::string_view token) {
  ensure_sodium();
  unsigned char digest[crypto_generichash_BYTES];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(token.data()),
                     token.size(), nullptr, 0);
  return hex(digest, sizeof digest);
}

std::string new_random_id() {
  ensure_sodium();
  unsigned char bytes[16];
  randombytes_buf(bytes, sizeof bytes);
  return hex(bytes, sizeof bytes);
}

std::string new_secret_key() {
  ensure_sodium();
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  return hex(bytes, sizeof bytes);
}

std::string keyed_hash(const std::string& key, std::string_view text) {
  ensure_sodium();
  std::vector<unsigned char> secret(key.size() / 2);
  std::size_t length = 0;
  if (sodium_hex2bin(secret.data(), secret.size(), key.data(), key.size(), nullptr, &length,
                     nullptr) != 0 ||
      length < crypto_generichash_KEYBYTES_MIN) {
    throw std::runtime_error("the key is not hex of at least 16 bytes");
  }
  unsigned char digest[16];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(text.data()),
                     text.size(), secret.data(), length);
  return hex(digest, sizeof digest);
}

}  // namespace plasticity::server
