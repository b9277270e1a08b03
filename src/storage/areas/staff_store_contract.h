// What every engine's staff area must do, as typed tests (see audit_store_contract.h): the type
// an engine instantiates them with exposes `staff()` and `audit()` of one empty store.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "storage/areas/audit_store.h"
#include "storage/areas/staff_store.h"

namespace plasticity {

template <class Engine>
class StaffStoreContract : public ::testing::Test {
 protected:
  StaffStore& store() { return engine_.staff(); }
  AuditStore& trail() { return engine_.audit(); }

  std::int64_t add(const std::string& username, Role role) {
    const auto id = store().create_staff({0, username, role, "$argon2id$" + username, UtcTime{1}});
    if (!id) throw std::logic_error(username + " was taken");
    return *id;
  }

  static AuditEntry audit(const std::string& action) {
    return AuditEntry{0,  UtcTime{1000}, std::int64_t{1}, "admin", "admin", action, "success",
                      {}, "req-1",       "127.0.0.1",     ""};
  }

  std::size_t audited(const std::string& action) {
    AuditQuery query;
    query.action = action;
    return trail().query_audit(query).size();
  }

 private:
  Engine engine_;
};

TYPED_TEST_SUITE_P(StaffStoreContract);

TYPED_TEST_P(StaffStoreContract, UsernamesAreUniqueAndExact) {
  const std::int64_t id = this->add("fd", Role::front_desk);
  EXPECT_FALSE(this->store().create_staff({0, "fd", Role::nurse, "$argon2id$other", UtcTime{2}}));
  const auto found = this->store().find_staff_by_username("fd");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->id, id);
  EXPECT_EQ(found->role, Role::front_desk);
  EXPECT_TRUE(found->active);
  this->store().set_password_hash(id, "$argon2id$new");
  EXPECT_EQ(this->store().find_staff(id)->password_hash, "$argon2id$new");
  EXPECT_FALSE(this->store().find_staff_by_username("FD"));
  EXPECT_FALSE(this->store().find_staff(id + 1000));
}

TYPED_TEST_P(StaffStoreContract, TheListIsInUsernameOrder) {
  this->add("nurse.b", Role::nurse);
  this->add("admin", Role::admin);
  this->add("nurse.a", Role::nurse);
  std::vector<std::string> names;
  for (const auto& account : this->store().list_staff()) names.push_back(account.username);
  EXPECT_EQ(names, (std::vector<std::string>{"admin", "nurse.a", "nurse.b"}));
}

TYPED_TEST_P(StaffStoreContract, SignInFailuresCountUpAndClear) {
  this->store().record_sign_in_failure("nobody", UtcTime{10});
  this->store().record_sign_in_failure("nobody", UtcTime{20});
  const auto failures = this->store().sign_in_failures("nobody");
  EXPECT_EQ(failures.count, 2);
  EXPECT_EQ(failures.last_failure_at, UtcTime{20});
  this->store().clear_sign_in_failures("nobody");
  EXPECT_EQ(this->store().sign_in_failures("nobody").count, 0);
}

TYPED_TEST_P(StaffStoreContract, SessionsAreFoundByTokenHash) {
  const std::int64_t id = this->add("fd", Role::front_desk);
  this->store().create_session({"hash-1", id, {UtcTime{100}, UtcTime{100}}});
  this->store().touch_session("hash-1", UtcTime{250});
  const auto session = this->store().find_session("hash-1");
  ASSERT_TRUE(session.has_value());
  EXPECT_EQ(session->staff_id, id);
  EXPECT_EQ(session->times.created_at, UtcTime{100});
  EXPECT_EQ(session->times.last_seen_at, UtcTime{250});
  this->store().delete_session("hash-1");
  EXPECT_FALSE(this->store().find_session("hash-1"));
}

TYPED_TEST_P(StaffStoreContract, TheLastActiveAdminCannotBeDemotedOrDeactivated) {
  const std::int64_t first = this->add("admin.1", Role::admin);
  const std::int64_t second = this->add("admin.2", Role::admin);
  EXPECT_EQ(this->store().change_staff({second, Role::nurse, {}}, this->audit("staff.change")),
            StaffChangeStatus::ok);
  EXPECT_EQ(this->store().change_staff({first, {}, false}, this->audit("staff.change")),
            StaffChangeStatus::last_admin);
  EXPECT_EQ(this->store().change_staff({first, Role::prescriber, {}}, this->audit("staff.change")),
            StaffChangeStatus::last_admin);
  EXPECT_EQ(
      this->store().change_staff({first + 1000, Role::nurse, {}}, this->audit("staff.change")),
      StaffChangeStatus::not_found);
  EXPECT_EQ(this->store().find_staff(first)->role, Role::admin);
  EXPECT_EQ(this->store().find_staff(second)->role, Role::nurse);
  EXPECT_EQ(this->audited("staff.change"), 1u) << "a refused change is not audited";
}

TYPED_TEST_P(StaffStoreContract, AChangeEndsTheMembersSessions) {
  this->add("admin", Role::admin);
  const std::int64_t nurse = this->add("nurse", Role::nurse);
  this->store().create_session({"nurse-token", nurse, {UtcTime{100}, UtcTime{100}}});
  EXPECT_EQ(this->store().change_staff({nurse, {}, false}, this->audit("staff.change")),
            StaffChangeStatus::ok);
  EXPECT_FALSE(this->store().find_session("nurse-token"));
  EXPECT_FALSE(this->store().find_staff(nurse)->active);
}

TYPED_TEST_P(StaffStoreContract, APasswordLinkWorksOnceBeforeItExpires) {
  const std::int64_t nurse = this->add("nurse", Role::nurse);
  this->store().create_session({"old-token", nurse, {UtcTime{100}, UtcTime{100}}});
  this->store().create_password_reset({"link-1", nurse, UtcTime{1000}, UtcTime{5000}},
                                      this->audit("staff.password_link"));
  // A second link replaces the first, unused one.
  this->store().create_password_reset({"link-2", nurse, UtcTime{1100}, UtcTime{5000}},
                                      this->audit("staff.password_link"));
  EXPECT_FALSE(this->store().use_password_reset("link-1", UtcTime{2000}, "$argon2id$x",
                                                this->audit("staff.password_set")));
  EXPECT_FALSE(this->store().use_password_reset("link-2", UtcTime{5000}, "$argon2id$x",
                                                this->audit("staff.password_set")))
      << "expired";
  const auto account = this->store().use_password_reset("link-2", UtcTime{4999}, "$argon2id$new",
                                                        this->audit("staff.password_set"));
  ASSERT_TRUE(account);
  EXPECT_EQ(account->username, "nurse");
  EXPECT_EQ(this->store().find_staff(nurse)->password_hash, "$argon2id$new");
  EXPECT_FALSE(this->store().find_session("old-token"));
  EXPECT_FALSE(this->store().use_password_reset("link-2", UtcTime{4999}, "$argon2id$again",
                                                this->audit("staff.password_set")))
      << "used twice";
  AuditQuery set;
  set.action = "staff.password_set";
  const auto entries = this->trail().query_audit(set);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].username, "nurse") << "the entry names the member who set the password";
  EXPECT_EQ(this->audited("staff.password_link"), 2u);
}

REGISTER_TYPED_TEST_SUITE_P(StaffStoreContract, UsernamesAreUniqueAndExact,
                            TheListIsInUsernameOrder, SignInFailuresCountUpAndClear,
                            SessionsAreFoundByTokenHash,
                            TheLastActiveAdminCannotBeDemotedOrDeactivated,
                            AChangeEndsTheMembersSessions, APasswordLinkWorksOnceBeforeItExpires);

}  // namespace plasticity
