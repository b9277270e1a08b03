// Every statement a screen runs is planned on an index: none scans a table that grows with the
// clinic's history (patients, sessions, readings, audit). The store's statement observer records
// what each screen's store calls run, with their bound values; EXPLAIN QUERY PLAN of each must
// show no SCAN of such a table, except an ordered walk that stops at its page (named per screen).
#include <gtest/gtest.h>

#include <functional>
#include <regex>
#include <set>

#include "storage/sqlite/test_clinic.h"

namespace plasticity {
namespace {

constexpr std::int64_t kHour = 3'600'000;
constexpr std::int64_t kDay = 24 * kHour;
const UtcTime kMonday{1'764'576'000'000};  // 2025-12-01T08:00:00Z

// Tables that stay small whatever the history: the staff, the chairs, the rota, the settings.
const std::set<std::string> kSmallTables{
    "staff", "s", "resources", "working_hours", "clinic_settings", "device_credentials"};

class QueryPlans : public testing::TestClinic {
 protected:
  void SetUp() override {
    TestClinic::SetUp();
    grow();
    store_->observe_statements([this](const std::string& sql) { seen_.push_back(sql); });
  }

  // A little history of each kind, so every statement has rows to plan over.
  void grow() {
    PatientRecord other;
    other.id = "p2";
    other.demographics.mrn = "SYN-000001";
    other.demographics.given_name = "Sam";
    other.demographics.family_name = "Smith";
    store_->create_patient(other, nurse_, audit());
    store_->create_resource({"chair-1", "chair", "Chair 1", true}, audit());
    for (int i = 0; i < 3; ++i) {
      const std::string id = "s" + std::to_string(i);
      TreatmentSession session;
      session.id = id;
      session.patient_id = "p1";
      session.protocol_id = "iv_ketamine";
      session.chair = "Chair 1";
      session.scheduled_at = UtcTime{kMonday.epoch_ms + i * kDay};
      session.created_by = nurse_;
      session.created_at = session.scheduled_at;
      store_->create_treatment_session(session, audit());
      VitalsBatch batch{id, {}, audit()};
      for (int m = 0; m < 10; ++m) {
        const UtcTime at{session.scheduled_at.epoch_ms + m * 60'000};
        batch.readings.push_back({"monitor-1", VitalKind::heart_rate, 70.0 + m, at, at});
      }
      store_->record_vitals({batch});
      ScheduleChange change;
      Appointment a;
      a.id = "a" + std::to_string(i);
      a.patient_id = "p1";
      a.type_id = "iv_ketamine";
      a.resource_id = "chair-1";
      a.starts_at = session.scheduled_at;
      a.ends_at = UtcTime{session.scheduled_at.epoch_ms + 2 * kHour};
      a.status = AppointmentStatus::confirmed;
      a.created_by = nurse_;
      change.appointments.push_back(a);
      change.staff_id = nurse_;
      store_->apply_schedule_change(change, audit());
    }
  }

  // What `screen` ran, each statement's plan checked; `bounded` names the tables the screen may
  // walk in index order because it stops at its page.
  void expect_indexed(const std::string& screen, const std::function<void()>& run,
                      const std::set<std::string>& bounded = {}) {
    seen_.clear();
    run();
    ASSERT_FALSE(seen_.empty()) << screen << " ran no statement";
    sqlite::Connection db{dir_.path() / "p.db"};
    static const std::regex scan{R"(^SCAN (?:main\.)?(\w+))"};
    static const std::regex subquery{R"(^(?:MATERIALIZE|CO-ROUTINE) (\w+))"};
    for (const std::string& sql : seen_) {
      if (!sql.starts_with("SELECT") && !sql.starts_with("WITH")) continue;
      sqlite::Statement plan{db, "EXPLAIN QUERY PLAN " + sql};
      // A subquery's result holds what its own plan (checked here too) let through.
      std::set<std::string> subqueries;
      while (plan.step()) {
        const std::string detail = plan.text(3);
        std::smatch match;
        if (std::regex_search(detail, match, subquery)) subqueries.insert(match[1]);
        if (!std::regex_search(detail, match, scan)) continue;
        const std::string table = match[1];
        if (subqueries.contains(table)) continue;
        // The search index's own tables are read by key, apart from its few settings.
        if (kSmallTables.contains(table) || table == "patient_search_config" ||
            detail.find("VIRTUAL TABLE") != std::string::npos) {
          continue;
        }
        EXPECT_TRUE(bounded.contains(table)) << screen << ": " << detail << "\n  in: " << sql;
      }
    }
  }

  std::vector<std::string> seen_;
};

TEST_F(QueryPlans, PatientSearchUsesItsIndexes) {
  expect_indexed("search by name fragment", [&] { store_->search_patients({"smi", {}, 50}); });
  expect_indexed("search by a short MRN", [&] { store_->search_patients({"M1", {}, 50}); });
  expect_indexed("search by a whole MRN", [&] { store_->search_patients({"SYN-000001", {}, 50}); });
  expect_indexed("search, next page", [&] { store_->search_patients({"smi", "p1", 50}); });
  expect_indexed("find by MRN", [&] { store_->find_patient_by_mrn("M1"); });
  // The whole list walks the name index from the cursor and stops at the page.
  expect_indexed("list everyone", [&] { store_->search_patients({"", "p1", 50}); }, {"p"});
}

TEST_F(QueryPlans, TheChartReadsOnePatientsRecords) {
  expect_indexed("chart", [&] {
    store_->find_patient("p1");
    store_->patient_history("p1");
    store_->patient_treatment_sessions("p1");
    store_->patient_assessments("p1", "");
    store_->alerts(true, std::string("p1"));
    store_->patient_appointments("p1");
    store_->patient_screenings("p1");
    store_->patient_plans("p1");
    store_->patient_therapy_notes("p1");
  });
  expect_indexed("a session", [&] {
    store_->find_treatment_session("s1");
    store_->session_transitions("s1");
    store_->session_events("s1");
    store_->session_alarms("s1", false);
    store_->session_checklist("s1");
    store_->session_vitals("s1", std::nullopt);
  });
}

TEST_F(QueryPlans, TheAuditTrailUsesAnIndexForEachFilter) {
  auto query = [&](std::function<void(AuditQuery&)> set) {
    return [this, set] {
      AuditQuery q;
      set(q);
      store_->query_audit(q);
    };
  };
  const UtcTime week_end{kMonday.epoch_ms + 7 * kDay};
  expect_indexed("one patient", query([](AuditQuery& q) { q.patient_id = "p1"; }));
  expect_indexed("one user", query([](AuditQuery& q) { q.username = "nurse"; }));
  expect_indexed("one action family", query([](AuditQuery& q) { q.action = "session"; }));
  expect_indexed("one patient, one action", query([](AuditQuery& q) {
                   q.patient_id = "p1";
                   q.action = "vitals.record";
                   q.limit = 10;
                 }));
  expect_indexed("one user, a week", query([&](AuditQuery& q) {
                   q.username = "nurse";
                   q.from = kMonday;
                   q.to = week_end;
                 }));
  expect_indexed("a week", query([&](AuditQuery& q) {
                   q.from = kMonday;
                   q.to = week_end;
                 }));
  // Everything, newest first: a walk back from the end that stops at the page.
  expect_indexed("the whole trail, next page", query([](AuditQuery& q) {
                   q.before_id = 5;
                   q.hide_device_readings = true;
                 }),
                 {"audit_log"});
}

TEST_F(QueryPlans, TheNurseStationAndTheCalendarReadOnlyWhatIsCurrent) {
  expect_indexed("nurse station", [&] {
    for (const auto& session : store_->active_treatment_sessions()) {
      store_->latest_session_vitals(session.id);
      store_->session_alarms(session.id, true);
      store_->find_patient(session.patient_id);
    }
  });
  expect_indexed("calendar, this week", [&] {
    store_->appointments_between(kMonday, UtcTime{kMonday.epoch_ms + 7 * kDay});
  });
}

TEST_F(QueryPlans, TheNurseStationSeesTheLatestReadingOfEachKind) {
  // Readings may arrive out of order: an older one never replaces a newer one.
  const UtcTime late{kMonday.epoch_ms + 2 * kDay + 30 * 60'000};
  const UtcTime early{kMonday.epoch_ms + 2 * kDay - 60'000};
  store_->record_vitals({{"s2",
                          {{"monitor-2", VitalKind::heart_rate, 99, late, late},
                           {"monitor-2", VitalKind::spo2, 97, late, late}},
                          std::nullopt}});
  store_->record_vitals({{"s2",
                          {{"monitor-3", VitalKind::heart_rate, 50, early, late},
                           {"monitor-3", VitalKind::spo2, 90, early, late}},
                          std::nullopt}});
  const auto latest = store_->latest_session_vitals("s2");
  ASSERT_EQ(latest.size(), 2u);
  EXPECT_EQ(latest[0].kind, VitalKind::heart_rate);
  EXPECT_EQ(latest[0].value, 99);
  EXPECT_EQ(latest[0].device_id, "monitor-2");
  EXPECT_EQ(latest[1].kind, VitalKind::spo2);
  EXPECT_EQ(latest[1].value, 97);
  // The same as reading the whole history.
  std::map<VitalKind, double> from_history;
  for (const auto& r : store_->session_vitals("s2", std::nullopt)) from_history[r.kind] = r.value;
  EXPECT_EQ(from_history[VitalKind::heart_rate], 99);
}

}  // namespace
}  // namespace plasticity
