// Staff accounts in SQLite: creating, finding and listing them, changing a role or deactivating
// one (never leaving the clinic without an active admin), and single-use password links.
#include "storage/sqlite/sqlite_store.h"

namespace plasticity {

using sqlite::Connection;
using sqlite::Statement;

namespace {

StaffAccount read_staff(const Statement& row) {
  StaffAccount account;
  account.id = row.integer(0);
  account.username = row.text(1);
  // The role column only ever holds names this build wrote; an unknown one is a broken database.
  const auto role = parse_role(row.text(2));
  if (!role) throw StoreError("staff " + account.username + " has an unknown role: " + row.text(2));
  account.role = *role;
  account.password_hash = row.text(3);
  account.created_at = UtcTime{row.integer(4)};
  account.active = row.integer(5) != 0;
  return account;
}

constexpr std::string_view kStaffColumns = "id, username, role, password_hash, created_at, active";

void end_sessions_of(Connection& db, std::int64_t staff_id) {
  Statement{db, "DELETE FROM staff_sessions WHERE staff_id = ?"}.bind(1, staff_id).run();
}

}  // namespace

std::optional<std::int64_t> SqliteStore::create_staff(const StaffAccount& account) {
  try {
    return write([&](Connection& db) {
      Statement st{
          db, "INSERT INTO staff (username, role, password_hash, created_at) VALUES (?, ?, ?, ?)"};
      st.bind(1, account.username).bind(2, to_string(account.role)).bind(3, account.password_hash);
      st.bind(4, account.created_at.epoch_ms).run();
      return db.last_insert_id();
    });
  } catch (const UniqueViolation&) {
    return std::nullopt;
  }
}

std::optional<StaffAccount> SqliteStore::find_staff_by_username(const std::string& username) {
  return read([&](Connection& db) -> std::optional<StaffAccount> {
    Statement st{db, "SELECT " + std::string(kStaffColumns) + " FROM staff WHERE username = ?"};
    st.bind(1, username);
    if (!st.step()) return std::nullopt;
    return read_staff(st);
  });
}

std::optional<StaffAccount> SqliteStore::find_staff(std::int64_t id) {
  return read([&](Connection& db) -> std::optional<StaffAccount> {
    Statement st{db, "SELECT " + std::string(kStaffColumns) + " FROM staff WHERE id = ?"};
    st.bind(1, id);
    if (!st.step()) return std::nullopt;
    return read_staff(st);
  });
}

void SqliteStore::set_password_hash(std::int64_t staff_id, const std::string& password_hash) {
  write([&](Connection& db) {
    Statement{db, "UPDATE staff SET password_hash = ? WHERE id = ?"}
        .bind(1, password_hash)
        .bind(2, staff_id)
        .run();
  });
}

std::vector<StaffAccount> SqliteStore::list_staff() {
  return read([&](Connection& db) {
    Statement st{db, "SELECT " + std::string(kStaffColumns) + " FROM staff ORDER BY username"};
    std::vector<StaffAccount> staff;
    while (st.step()) staff.push_back(read_staff(st));
    return staff;
  });
}

StaffChangeStatus SqliteStore::change_staff(const StaffChange& change, const AuditEntry& audit) {
  return write([&](Connection& db) {
    Statement current{db, "SELECT role, active FROM staff WHERE id = ?"};
    current.bind(1, change.staff_id);
    if (!current.step()) return StaffChangeStatus::not_found;
    const bool was_admin = current.text(0) == to_string(Role::admin) && current.integer(1) != 0;
    const bool stays_admin = change.role.value_or(Role::admin) == Role::admin &&
                             change.active.value_or(true) && was_admin;
    if (was_admin && !stays_admin) {
      Statement admins{db, "SELECT count(*) FROM staff WHERE role = 'admin' AND active = 1"};
      admins.step();
      if (admins.integer(0) <= 1) return StaffChangeStatus::last_admin;
    }
    if (change.role) {
      Statement{db, "UPDATE staff SET role = ? WHERE id = ?"}
          .bind(1, to_string(*change.role))
          .bind(2, change.staff_id)
          .run();
    }
    if (change.active) {
      Statement{db, "UPDATE staff SET active = ? WHERE id = ?"}
          .bind(1, std::int64_t{*change.active})
          .bind(2, change.staff_id)
          .run();
    }
    // A new role or a deactivation takes effect now: the member signs in again, or cannot.
    end_sessions_of(db, change.staff_id);
    sqlite::insert_audit(db, audit);
    return StaffChangeStatus::ok;
  });
}

void SqliteStore::create_password_reset(const PasswordReset& reset, const AuditEntry& audit) {
  write([&](Connection& db) {
    // One live link per member: a new one replaces any unused earlier one.
    Statement{db, "DELETE FROM password_resets WHERE staff_id = ? AND used_at IS NULL"}
        .bind(1, reset.staff_id)
        .run();
    Statement{db,
              "INSERT INTO password_resets (token_hash, staff_id, created_at, expires_at) "
              "VALUES (?, ?, ?, ?)"}
        .bind(1, reset.token_hash)
        .bind(2, reset.staff_id)
        .bind(3, reset.created_at.epoch_ms)
        .bind(4, reset.expires_at.epoch_ms)
        .run();
    sqlite::insert_audit(db, audit);
  });
}

std::optional<StaffAccount> SqliteStore::use_password_reset(const std::string& token_hash,
                                                            UtcTime now,
                                                            const std::string& password_hash,
                                                            AuditEntry audit) {
  return write([&](Connection& db) -> std::optional<StaffAccount> {
    Statement link{db,
                   "SELECT s.id, s.username, s.role, s.password_hash, s.created_at, s.active FROM "
                   "password_resets r JOIN staff s ON s.id = r.staff_id WHERE r.token_hash = ? "
                   "AND r.used_at IS NULL AND r.expires_at > ? AND s.active = 1"};
    link.bind(1, token_hash).bind(2, now.epoch_ms);
    if (!link.step()) return std::nullopt;
    StaffAccount account = read_staff(link);
    Statement{db, "UPDATE password_resets SET used_at = ? WHERE token_hash = ?"}
        .bind(1, now.epoch_ms)
        .bind(2, token_hash)
        .run();
    Statement{db, "UPDATE staff SET password_hash = ? WHERE id = ?"}
        .bind(1, password_hash)
        .bind(2, account.id)
        .run();
    end_sessions_of(db, account.id);
    audit.staff_id = account.id;
    audit.username = account.username;
    audit.role = std::string(to_string(account.role));
    sqlite::insert_audit(db, audit);
    return account;
  });
}

}  // namespace plasticity
