// Every statement a screen runs is planned on an index, on every engine: none reads the whole of a
// table that grows with the clinic's history (patients, sessions, readings, audit), except an
// ordered walk that stops at its page (named per screen). The type an engine instantiates these
// typed tests with exposes `whole()` (the Store), `staff()` and `patients()` of one empty store,
// and:
//   - `observe(std::vector<Ran>* into)`: every statement the store runs from then on, into `into`;
//   - `full_scans(const Ran&)`: the tables a SELECT's plan reads whole, each with its plan line
//     (none for other statements).
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "storage/areas/test_records.h"
#include "storage/store.h"

namespace plasticity {

template <class Engine>
class QueryPlansContract : public test_records::Clinic<Engine> {
 protected:
  static constexpr std::int64_t kHour = 3'600'000;
  static constexpr std::int64_t kDay = 24 * kHour;
  static inline const UtcTime kMonday{1'764'576'000'000};  // 2025-12-01T08:00:00Z

  void SetUp() override {
    test_records::Clinic<Engine>::SetUp();
    grow();
    this->engine_.observe(&seen_);
  }

  Store& store() { return this->engine_.whole(); }

  // A little history of each kind, so every statement has rows to plan over.
  void grow() {
    PatientRecord other;
    other.id = "p2";
    other.demographics.mrn = "SYN-000001";
    other.demographics.given_name = "Sam";
    other.demographics.family_name = "Smith";
    store().create_patient(other, this->nurse_, this->audit());
    store().create_resource({"chair-1", "chair", "Chair 1", true}, this->audit());
    for (int i = 0; i < 3; ++i) {
      const std::string id = "s" + std::to_string(i);
      const TreatmentSession session =
          test_records::booked_session(id, "p1", kMonday.epoch_ms + i * kDay, this->nurse_);
      store().create_treatment_session(session, this->audit());
      VitalsBatch batch{id, {}, this->audit()};
      for (int m = 0; m < 10; ++m) {
        const UtcTime at{session.scheduled_at.epoch_ms + m * 60'000};
        batch.readings.push_back({"monitor-1", VitalKind::heart_rate, 70.0 + m, at, at});
      }
      store().record_vitals({batch});
      ScheduleChange change;
      Appointment a;
      a.id = "a" + std::to_string(i);
      a.patient_id = "p1";
      a.type_id = "iv_ketamine";
      a.resource_id = "chair-1";
      a.starts_at = session.scheduled_at;
      a.ends_at = UtcTime{session.scheduled_at.epoch_ms + 2 * kHour};
      a.status = AppointmentStatus::confirmed;
      a.created_by = this->nurse_;
      change.appointments.push_back(a);
      change.staff_id = this->nurse_;
      store().apply_schedule_change(change, this->audit());
    }
  }

  // What `screen` ran, each statement's plan checked; `bounded` names the tables the screen may
  // walk in index order because it stops at its page.
  void expect_indexed(const std::string& screen, const std::function<void()>& run,
                      const std::set<std::string>& bounded = {}) {
    // Tables that stay small whatever the history: the staff, the chairs, the rota, the settings.
    static const std::set<std::string> kSmallTables{
        "staff", "s", "resources", "working_hours", "clinic_settings", "device_credentials"};
    seen_.clear();
    run();
    ASSERT_FALSE(seen_.empty()) << screen << " ran no statement";
    for (const auto& ran : seen_) {
      for (const auto& [table, detail] : this->engine_.full_scans(ran)) {
        if (kSmallTables.contains(table)) continue;
        EXPECT_TRUE(bounded.contains(table)) << screen << ": " << detail << "\n  in: " << ran;
      }
    }
  }

  std::vector<typename Engine::Ran> seen_;
};

TYPED_TEST_SUITE_P(QueryPlansContract);

TYPED_TEST_P(QueryPlansContract, PatientSearchUsesItsIndexes) {
  Store& store = this->store();
  this->expect_indexed("search by name fragment", [&] { store.search_patients({"smi", {}, 50}); });
  this->expect_indexed("search by a short MRN", [&] { store.search_patients({"M1", {}, 50}); });
  this->expect_indexed("search by a whole MRN", [&] {
    store.search_patients({"SYN-000001", {}, 50});
  });
  this->expect_indexed("search, next page", [&] { store.search_patients({"smi", "p1", 50}); });
  // A fragment both of two patients share, a page of one: the names walked in order, to the
  // page's end (SQLite; PostgreSQL's planner chooses by itself).
  store.create_patient(test_records::patient("p3", "SYN-000002", "Syd", "Synge"), this->nurse_,
                       this->audit());
  this->expect_indexed(
      "search by a fragment all share", [&] { store.search_patients({"SYN", {}, 1}); }, {"p"});
  this->expect_indexed("find by MRN", [&] { store.find_patient_by_mrn("M1"); });
  // The whole list walks the name index from the cursor and stops at the page.
  this->expect_indexed("list everyone", [&] { store.search_patients({"", "p1", 50}); }, {"p"});
}

TYPED_TEST_P(QueryPlansContract, TheChartReadsOnePatientsRecords) {
  Store& store = this->store();
  this->expect_indexed("chart", [&] {
    store.find_patient("p1");
    store.patient_history("p1");
    store.patient_treatment_sessions("p1");
    store.patient_assessments("p1", "");
    store.alerts(true, std::string("p1"));
    store.patient_appointments("p1");
    store.patient_screenings("p1");
    store.patient_plans("p1");
    store.patient_therapy_notes("p1");
  });
  this->expect_indexed("a session", [&] {
    store.find_treatment_session("s1");
    store.session_transitions("s1");
    store.session_events("s1");
    store.session_alarms("s1", false);
    store.session_checklist("s1");
    store.session_vitals("s1", std::nullopt);
  });
}

TYPED_TEST_P(QueryPlansContract, TheAuditTrailUsesAnIndexForEachFilter) {
  Store& store = this->store();
  auto query = [&](std::function<void(AuditQuery&)> set) {
    return [&store, set] {
      AuditQuery q;
      set(q);
      store.query_audit(q);
    };
  };
  const UtcTime week_end{TestFixture::kMonday.epoch_ms + 7 * TestFixture::kDay};
  this->expect_indexed("one patient", query([](AuditQuery& q) { q.patient_id = "p1"; }));
  this->expect_indexed("one user", query([](AuditQuery& q) { q.username = "nurse"; }));
  this->expect_indexed("one action family", query([](AuditQuery& q) { q.action = "session"; }));
  this->expect_indexed("one patient, one action", query([](AuditQuery& q) {
                         q.patient_id = "p1";
                         q.action = "vitals.record";
                         q.limit = 10;
                       }));
  this->expect_indexed("one user, a week", query([&](AuditQuery& q) {
                         q.username = "nurse";
                         q.from = TestFixture::kMonday;
                         q.to = week_end;
                       }));
  this->expect_indexed("a week", query([&](AuditQuery& q) {
                         q.from = TestFixture::kMonday;
                         q.to = week_end;
                       }));
  // Everything, newest first: a walk back from the end that stops at the page.
  this->expect_indexed("the whole trail, next page", query([](AuditQuery& q) {
                         q.before_id = 5;
                         q.hide_device_readings = true;
                       }),
                       {"audit_log"});
}

TYPED_TEST_P(QueryPlansContract, TheNurseStationAndTheCalendarReadOnlyWhatIsCurrent) {
  Store& store = this->store();
  this->expect_indexed("nurse station", [&] {
    for (const auto& session : store.active_treatment_sessions()) {
      store.latest_session_vitals(session.id);
      store.session_alarms(session.id, true);
      store.find_patient(session.patient_id);
    }
  });
  this->expect_indexed("calendar, this week", [&] {
    store.appointments_between(TestFixture::kMonday,
                               UtcTime{TestFixture::kMonday.epoch_ms + 7 * TestFixture::kDay});
  });
}

TYPED_TEST_P(QueryPlansContract, TheNurseStationSeesTheLatestReadingOfEachKind) {
  Store& store = this->store();
  // Readings may arrive out of order: an older one never replaces a newer one.
  const UtcTime late{TestFixture::kMonday.epoch_ms + 2 * TestFixture::kDay + 30 * 60'000};
  const UtcTime early{TestFixture::kMonday.epoch_ms + 2 * TestFixture::kDay - 60'000};
  store.record_vitals({{"s2",
                        {{"monitor-2", VitalKind::heart_rate, 99, late, late},
                         {"monitor-2", VitalKind::spo2, 97, late, late}},
                        std::nullopt}});
  store.record_vitals({{"s2",
                        {{"monitor-3", VitalKind::heart_rate, 50, early, late},
                         {"monitor-3", VitalKind::spo2, 90, early, late}},
                        std::nullopt}});
  const auto latest = store.latest_session_vitals("s2");
  ASSERT_EQ(latest.size(), 2u);
  EXPECT_EQ(latest[0].kind, VitalKind::heart_rate);
  EXPECT_EQ(latest[0].value, 99);
  EXPECT_EQ(latest[0].device_id, "monitor-2");
  EXPECT_EQ(latest[1].kind, VitalKind::spo2);
  EXPECT_EQ(latest[1].value, 97);
  // The same as reading the whole history.
  std::map<VitalKind, double> from_history;
  for (const auto& r : store.session_vitals("s2", std::nullopt)) from_history[r.kind] = r.value;
  EXPECT_EQ(from_history[VitalKind::heart_rate], 99);
}

REGISTER_TYPED_TEST_SUITE_P(QueryPlansContract, PatientSearchUsesItsIndexes,
                            TheChartReadsOnePatientsRecords, TheAuditTrailUsesAnIndexForEachFilter,
                            TheNurseStationAndTheCalendarReadOnlyWhatIsCurrent,
                            TheNurseStationSeesTheLatestReadingOfEachKind);

}  // namespace plasticity
