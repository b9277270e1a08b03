// PostgresqlStore: the Store on a PostgreSQL database shared by any number of processes, built
// area by area (issue 20). Today it serves staff (accounts, password links, sign-in failures,
// sessions), the audit trail and the clinic's settings; each area joins it with its statements
// moved to storage/statements/, shared with SqliteStore, and its contract tests
// (areas/*_contract.h) run on both engines. Until it serves every area it cannot be chosen with
// --database.
//
// One connection, one request at a time (a pool comes with the areas read under load); every
// method is one transaction, committed with synchronous_commit on before it returns.
//
//   auto store = PostgresqlStore::open(*parse_database_url(text).url);  // migrates, or throws
#pragma once

#include <memory>
#include <mutex>

#include "storage/areas/audit_store.h"
#include "storage/areas/settings_store.h"
#include "storage/areas/staff_store.h"
#include "storage/postgresql/pg_connection.h"

namespace plasticity {

class PostgresqlStore final : public StaffStore, public AuditStore, public SettingsStore {
 public:
  static std::unique_ptr<PostgresqlStore> open(const postgresql::DatabaseUrl& url);

  std::optional<std::int64_t> create_staff(const StaffAccount& account) override;
  std::optional<StaffAccount> find_staff_by_username(const std::string& username) override;
  std::optional<StaffAccount> find_staff(std::int64_t id) override;
  void set_password_hash(std::int64_t staff_id, const std::string& password_hash) override;
  std::vector<StaffAccount> list_staff() override;
  StaffChangeStatus change_staff(const StaffChange& change, const AuditEntry& audit) override;
  void create_password_reset(const PasswordReset& reset, const AuditEntry& audit) override;
  std::optional<StaffAccount> use_password_reset(const std::string& token_hash, UtcTime now,
                                                 const std::string& password_hash,
                                                 AuditEntry audit) override;
  SignInFailures sign_in_failures(const std::string& username) override;
  void record_sign_in_failure(const std::string& username, UtcTime at) override;
  void clear_sign_in_failures(const std::string& username) override;
  void create_session(const StaffSession& session) override;
  std::optional<StaffSession> find_session(const std::string& token_hash) override;
  void touch_session(const std::string& token_hash, UtcTime at) override;
  void delete_session(const std::string& token_hash) override;

  std::int64_t append_audit(const AuditEntry& entry) override;
  void append_audits(const std::vector<AuditEntry>& entries) override;
  std::vector<AuditEntry> query_audit(const AuditQuery& query) override;

  std::map<std::string, std::string> clinic_settings() override;
  void save_clinic_settings(const std::map<std::string, std::string>& rows,
                            const AuditEntry& audit) override;

 private:
  explicit PostgresqlStore(const postgresql::DatabaseUrl& url) : db_(url) {}

  // Runs `work` in one transaction and commits it. A read runs REPEATABLE READ, so its several
  // statements see one state of the database.
  template <class Work>
  auto transaction(postgresql::Isolation isolation, Work work);
  template <class Work>
  auto write(Work work) {
    return transaction(postgresql::Isolation::read_committed, std::move(work));
  }
  template <class Work>
  auto read(Work work) {
    return transaction(postgresql::Isolation::repeatable_read, std::move(work));
  }
  // SERIALIZABLE, run again (a few times) when PostgreSQL picks it to give way to another
  // transaction: for a check and a write that two processes must not both pass.
  template <class Work>
  auto serializable(Work work);

  std::mutex mutex_;
  postgresql::Connection db_;
};

}  // namespace plasticity
