// What every engine's treatment sessions, vital signs, alarms and device credentials must do, as
// typed tests (see audit_store_contract.h). The type an engine instantiates them with exposes
// `sessions()`, `audit()`, `patients()` and `staff()` of one empty store, and `execute(sql)` on
// the same database, to try what the store never does (deleting readings). Each test starts with a
// nurse, patient "p1" and session "s1".
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "storage/areas/audit_store.h"
#include "storage/areas/session_store.h"
#include "storage/areas/test_records.h"
#include "storage/vitals_writer.h"

namespace plasticity {

template <class Engine>
class SessionStoreContract : public test_records::Clinic<Engine> {
 protected:
  void SetUp() override {
    test_records::Clinic<Engine>::SetUp();
    TreatmentSession session;
    session.id = "s1";
    session.patient_id = "p1";
    session.protocol_id = "iv_ketamine";
    session.chair = "Chair 2";
    session.scheduled_at = UtcTime{1000};
    session.dose.prescribed_mg = 40.65;
    session.dose.dose_mg = 40.6;
    session.dose.mg_per_kg = 0.5;
    session.dose.weight_kg = 81.3;
    session.dose.volume_ml = 4.06;
    session.dose.infusion_minutes = 40;
    session.dose.pump_rate_ml_per_h = 6.0;
    session.dose.notes = {"first note", "second note"};
    session.concentration_mg_per_ml = 10;
    session.lot_number = "LOT-7";
    session.lot_expiry = CalendarDate{2027, 3, 31};
    session.created_by = this->nurse_;
    session.created_at = UtcTime{500};
    store().create_treatment_session(session, this->audit());
  }

  TreatmentSessionStore& store() { return this->engine_.sessions(); }
  SessionTransition move(SessionPhase from, SessionPhase to, std::int64_t at) {
    return SessionTransition{"s1", from, to,    UtcTime{at}, this->nurse_,
                             "",   "",   false, std::nullopt};
  }
};

TYPED_TEST_SUITE_P(SessionStoreContract);

TYPED_TEST_P(SessionStoreContract, ASessionReadsBackWithItsDose) {
  TreatmentSessionStore& store = this->store();
  const auto session = store.find_treatment_session("s1");
  ASSERT_TRUE(session.has_value());
  EXPECT_EQ(session->chair, "Chair 2");
  EXPECT_EQ(session->phase, SessionPhase::scheduled);
  EXPECT_DOUBLE_EQ(session->dose.dose_mg, 40.6);
  EXPECT_EQ(session->dose.volume_ml, 4.06);
  EXPECT_EQ(session->dose.infusion_minutes, 40);
  EXPECT_FALSE(session->dose.devices.has_value());
  EXPECT_EQ(session->dose.notes, (std::vector<std::string>{"first note", "second note"}));
  EXPECT_EQ(session->lot_expiry, (CalendarDate{2027, 3, 31}));
  EXPECT_EQ(store.active_treatment_sessions().size(), 1u);
  EXPECT_FALSE(store.find_treatment_session("nope").has_value());
}

TYPED_TEST_P(SessionStoreContract, TransitionsMoveOnlyFromTheExpectedPhaseAndAreKept) {
  TreatmentSessionStore& store = this->store();
  EXPECT_EQ(store.record_transition(
                this->move(SessionPhase::scheduled, SessionPhase::checked_in, 10), this->audit()),
            TransitionStatus::ok);
  // A second nurse who still sees "scheduled" is told the phase changed.
  EXPECT_EQ(store.record_transition(this->move(SessionPhase::scheduled, SessionPhase::aborted, 11),
                                    this->audit()),
            TransitionStatus::phase_changed);
  store.record_transition(this->move(SessionPhase::checked_in, SessionPhase::ready, 20),
                          this->audit());
  store.record_transition(this->move(SessionPhase::ready, SessionPhase::dosing, 30), this->audit());
  store.record_transition(this->move(SessionPhase::dosing, SessionPhase::paused, 40),
                          this->audit());
  store.record_transition(this->move(SessionPhase::paused, SessionPhase::dosing, 50),
                          this->audit());
  const auto session = store.find_treatment_session("s1");
  EXPECT_EQ(session->phase, SessionPhase::dosing);
  EXPECT_EQ(session->dosing_started_at, UtcTime{30});  // the first start, not the resumption
  EXPECT_EQ(session->version, 6);                      // before the early end below
  const auto transitions = store.session_transitions("s1");
  ASSERT_EQ(transitions.size(), 5u);
  EXPECT_EQ(transitions[2].to, SessionPhase::dosing);
  EXPECT_EQ(transitions[2].username, "nurse");
  EXPECT_EQ(transitions[2].dose_given_mg, std::nullopt);
  auto early_end = this->move(SessionPhase::dosing, SessionPhase::recovery, 60);
  early_end.dose_given_mg = 12.5;
  store.record_transition(early_end, this->audit());
  EXPECT_EQ(store.session_transitions("s1").back().dose_given_mg, 12.5);
  EXPECT_EQ(store.record_transition(
                SessionTransition{"nope", SessionPhase::scheduled, SessionPhase::checked_in,
                                  UtcTime{1}, this->nurse_, "", "", false, std::nullopt},
                this->audit()),
            TransitionStatus::not_found);
}

TYPED_TEST_P(SessionStoreContract, VitalsAreIdempotentBySessionDeviceKindAndTime) {
  TreatmentSessionStore& store = this->store();
  const std::vector<VitalReading> batch{
      {"mon-2", VitalKind::systolic_bp, 142, UtcTime{100}, UtcTime{101}},
      {"mon-2", VitalKind::diastolic_bp, 88, UtcTime{100}, UtcTime{101}},
      {"mon-2", VitalKind::systolic_bp, 150, UtcTime{200}, UtcTime{201}},
  };
  EXPECT_EQ(store.record_vitals({{"s1", batch, this->audit()}}), std::vector<std::size_t>{3});
  // The gateway resends: nothing new, the first value stands.
  auto resent = batch;
  resent[0].value = 999;
  EXPECT_EQ(store.record_vitals({{"s1", resent, std::nullopt}}), std::vector<std::size_t>{0});
  const auto all = store.session_vitals("s1", std::nullopt);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].kind, VitalKind::diastolic_bp);  // same time: ordered by kind name
  EXPECT_EQ(all[1].value, 142);
  EXPECT_EQ(all[1].received_at, UtcTime{101});
  EXPECT_EQ(store.session_vitals("s1", UtcTime{150}).size(), 1u);

  // Another session's monitor with the same name at the same moment is another reading.
  auto other = *store.find_treatment_session("s1");
  other.id = "s2";
  store.create_treatment_session(other, this->audit());
  EXPECT_EQ(store.record_vitals({{"s2", batch, std::nullopt}}), std::vector<std::size_t>{3});
  EXPECT_EQ(store.session_vitals("s2", std::nullopt).size(), 3u);
  EXPECT_EQ(store.session_vitals("s1", std::nullopt).size(), 3u);
}

TYPED_TEST_P(SessionStoreContract, BatchesOfOneCommitEachCountOnlyTheirOwnAndFailTogether) {
  TreatmentSessionStore& store = this->store();
  const VitalReading r{"dev", VitalKind::heart_rate, 70, UtcTime{5}, UtcTime{6}};
  const VitalReading later{"dev", VitalKind::heart_rate, 71, UtcTime{7}, UtcTime{8}};
  EXPECT_EQ(store.record_vitals({{"s1", {r}, this->audit()}, {"s1", {r, later}, this->audit()}}),
            (std::vector<std::size_t>{1, 1}));
  // A reading for a session that does not exist breaks its foreign key: nothing of the
  // transaction is stored, the good batch beside it included.
  const VitalReading third{"dev", VitalKind::heart_rate, 72, UtcTime{9}, UtcTime{10}};
  const VitalReading fourth{"dev", VitalKind::heart_rate, 73, UtcTime{11}, UtcTime{12}};
  EXPECT_THROW(
      store.record_vitals({{"s1", {third}, this->audit()}, {"no-such-session", {fourth}, {}}}),
      StoreError);
  EXPECT_EQ(store.session_vitals("s1", std::nullopt).size(), 2u);
}

TYPED_TEST_P(SessionStoreContract, TheWriterSharesCommitsAndEachSenderCountsOnlyItsOwn) {
  TreatmentSessionStore& store = this->store();
  VitalsWriter writer{store};
  std::vector<std::thread> senders;
  std::atomic<std::size_t> added{0};
  for (int w = 0; w < 8; ++w) {
    senders.emplace_back([&, w] {
      for (int i = 0; i < 50; ++i) {
        const VitalReading r{"dev-" + std::to_string(w), VitalKind::heart_rate, 70,
                             UtcTime{1000 + i}, UtcTime{2000}};
        added += writer.write({"s1", {r, r}, std::nullopt});  // a duplicate inside
      }
    });
  }
  for (auto& t : senders) t.join();
  EXPECT_EQ(added.load(), 400u);
  EXPECT_EQ(store.session_vitals("s1", std::nullopt).size(), 400u);
}

TYPED_TEST_P(SessionStoreContract, ABadBatchFailsAloneInTheWritersGroup) {
  TreatmentSessionStore& store = this->store();
  VitalsWriter writer{store};
  const VitalReading r{"dev", VitalKind::heart_rate, 70, UtcTime{5}, UtcTime{6}};
  // Queued together, so they most likely share a group; either way only the bad one fails.
  std::promise<std::exception_ptr> bad;
  std::promise<std::size_t> good;
  writer.submit(
      {"no-such-session", {r}, std::nullopt},
      [&](const VitalsBatch&, std::size_t, std::exception_ptr error) { bad.set_value(error); });
  writer.submit({"s1", {r}, this->audit()},
                [&](const VitalsBatch& batch, std::size_t added, std::exception_ptr error) {
                  EXPECT_EQ(batch.session_id, "s1");
                  EXPECT_EQ(error, nullptr);
                  // Called back once on disk: a reader sees it already.
                  EXPECT_EQ(store.session_vitals("s1", std::nullopt).size(), 1u);
                  good.set_value(added);
                });
  EXPECT_NE(bad.get_future().get(), nullptr);
  EXPECT_EQ(good.get_future().get(), 1u);
  const VitalReading later{"dev", VitalKind::heart_rate, 71, UtcTime{7}, UtcTime{8}};
  EXPECT_THROW(writer.write({"no-such-session", {later}, std::nullopt}), StoreError);
}

TYPED_TEST_P(SessionStoreContract, ALongBatchGoesInWholeAndKeepsTheLatestOfEachKind) {
  TreatmentSessionStore& store = this->store();
  // 203 readings: more than one statement's worth (64), in pieces of 128, 64, 8, 2 and 1.
  std::vector<VitalReading> batch;
  for (int i = 0; i < 203; ++i) {
    batch.push_back({"mon", i % 2 == 0 ? VitalKind::heart_rate : VitalKind::spo2, 60.0 + i,
                     UtcTime{1000 + i}, UtcTime{5000}});
  }
  store.record_vitals({{"s1", {batch[7], batch[9]}, std::nullopt}});
  // An older queue arrives late: it is stored but does not replace the latest.
  EXPECT_EQ(store.record_vitals({{"s1", batch, this->audit()}}), std::vector<std::size_t>{201});
  EXPECT_EQ(store.record_vitals(
                {{"s1", {{"mon", VitalKind::spo2, 99, UtcTime{10}, UtcTime{11}}}, std::nullopt}}),
            std::vector<std::size_t>{1});
  EXPECT_EQ(store.session_vitals("s1", std::nullopt).size(), 204u);
  const auto latest = store.latest_session_vitals("s1");
  ASSERT_EQ(latest.size(), 2u);
  EXPECT_EQ(latest[0].kind, VitalKind::heart_rate);
  EXPECT_EQ(latest[0].value, 60.0 + 202);
  EXPECT_EQ(latest[1].kind, VitalKind::spo2);
  EXPECT_EQ(latest[1].value, 60.0 + 201);
  EXPECT_EQ(latest[1].measured_at, UtcTime{1201});
}

TYPED_TEST_P(SessionStoreContract, AlarmsAreRaisedEndedAcknowledgedAndCleared) {
  TreatmentSessionStore& store = this->store();
  SessionAlarm alarm;
  alarm.id = "a1";
  alarm.session_id = "s1";
  alarm.rule_id = "sbp_critical_high";
  alarm.severity = AlarmSeverity::critical;
  alarm.message = "SBP 185 mm[Hg] above 180 (critical)";
  alarm.value = 185;
  alarm.raised_at = UtcTime{100};
  store.record_alarm_changes({{alarm}, {}, {}, {}, UtcTime{100}});
  store.record_alarm_changes({{}, {"a1"}, {}, {}, UtcTime{200}});
  auto open = store.session_alarms("s1", true);
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].condition_ended_at, UtcTime{200});
  EXPECT_FALSE(open[0].acknowledged_at.has_value());
  EXPECT_EQ(store.acknowledge_session_alarm("a1", this->nurse_, "repeated BP, told prescriber",
                                            UtcTime{300}, true, this->audit()),
            AcknowledgeStatus::ok);
  EXPECT_EQ(store.acknowledge_session_alarm("a1", this->nurse_, "again", UtcTime{301}, true,
                                            this->audit()),
            AcknowledgeStatus::already_acknowledged);
  EXPECT_TRUE(store.session_alarms("s1", true).empty());
  const auto kept = store.find_session_alarm("a1");
  EXPECT_EQ(kept->acknowledged_by_username, "nurse");
  EXPECT_EQ(kept->action, "repeated BP, told prescriber");
  EXPECT_EQ(kept->cleared_at, UtcTime{300});
  EXPECT_EQ(
      store.acknowledge_session_alarm("zz", this->nurse_, "x", UtcTime{1}, true, this->audit()),
      AcknowledgeStatus::not_found);
}

TYPED_TEST_P(SessionStoreContract, ChecklistKeepsEveryEntryInOrder) {
  TreatmentSessionStore& store = this->store();
  store.record_checklist({{"s1", "pre_checks", "no_food_2h", true, UtcTime{1}, this->nurse_, ""},
                          {"s1", "pre_checks", "no_food_2h", false, UtcTime{2}, this->nurse_, ""}},
                         this->audit());
  const auto entries = store.session_checklist("s1");
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_FALSE(entries[1].confirmed);
  EXPECT_EQ(entries[1].username, "nurse");
}

TYPED_TEST_P(SessionStoreContract, EventsAreKeptInOrderWithWhoRecordedThem) {
  TreatmentSessionStore& store = this->store();
  store.record_session_event(
      {"e2", "s1", "sedation", UtcTime{20}, this->nurse_, "", R"({"moaas":4})"}, this->audit());
  store.record_session_event(
      {"e1", "s1", "adverse_event", UtcTime{10}, this->nurse_, "", R"({"kind":"nausea"})"},
      this->audit());
  const auto events = store.session_events("s1");
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].id, "e1");
  EXPECT_EQ(events[1].payload_json, R"({"moaas":4})");
  EXPECT_EQ(events[1].username, "nurse");
}

TYPED_TEST_P(SessionStoreContract, DeviceCredentialsAreFoundByTokenHash) {
  TreatmentSessionStore& store = this->store();
  store.create_device_credential({"gw-1", "hash-1", "Gateway room 2", this->nurse_, UtcTime{5}},
                                 this->audit());
  EXPECT_EQ(store.find_device_credential("hash-1")->device_id, "gw-1");
  // A new token for the same device replaces the old one.
  store.create_device_credential({"gw-1", "hash-2", "Gateway room 2", this->nurse_, UtcTime{6}},
                                 this->audit());
  EXPECT_FALSE(store.find_device_credential("hash-1").has_value());
  EXPECT_TRUE(store.find_device_credential("hash-2").has_value());
  ASSERT_EQ(store.device_credentials().size(), 1u);
  // Revoked, the token stops working at once.
  EXPECT_TRUE(store.revoke_device("gw-1", this->audit()));
  EXPECT_FALSE(store.find_device_credential("hash-2").has_value());
  EXPECT_FALSE(store.revoke_device("gw-1", this->audit()));
}

TYPED_TEST_P(SessionStoreContract, AFinishedSessionsReadingsAreSealedAndReadBackExactly) {
  TreatmentSessionStore& store = this->store();
  std::vector<VitalReading> readings;
  for (int i = 0; i < 300; ++i) {
    const UtcTime at{2000 + i * 5000};
    readings.push_back(
        {"monitor-2", VitalKind::heart_rate, 70.0 + i % 9, at, UtcTime{at.epoch_ms + 40}});
    readings.push_back({"monitor-2", VitalKind::temperature, 36.6, at, at});
  }
  store.record_vitals({{"s1", readings, std::nullopt}});
  const auto before = store.session_vitals("s1", std::nullopt);
  const auto later = store.session_vitals("s1", UtcTime{2000 + 150 * 5000});

  // Not while the session runs.
  EXPECT_EQ(store.seal_finished_vitals(10, UtcTime{9'000'000}).sessions, 0u);
  for (auto [from, to] : {std::pair{SessionPhase::scheduled, SessionPhase::checked_in},
                          std::pair{SessionPhase::checked_in, SessionPhase::ready},
                          std::pair{SessionPhase::ready, SessionPhase::dosing},
                          std::pair{SessionPhase::dosing, SessionPhase::recovery},
                          std::pair{SessionPhase::recovery, SessionPhase::discharged}}) {
    ASSERT_EQ(store.record_transition(this->move(from, to, 3'000'000), this->audit()),
              TransitionStatus::ok);
  }
  const SealReport sealed = store.seal_finished_vitals(10, UtcTime{9'000'000});
  EXPECT_EQ(sealed.sessions, 1u);
  EXPECT_EQ(sealed.readings, readings.size());
  EXPECT_FALSE(sealed.more);
  EXPECT_EQ(store.seal_finished_vitals(10, UtcTime{9'000'001}).sessions, 0u);  // done

  const auto after = store.session_vitals("s1", std::nullopt);
  ASSERT_EQ(after.size(), before.size());
  for (std::size_t i = 0; i < after.size(); ++i) {
    EXPECT_EQ(after[i].device_id, before[i].device_id);
    EXPECT_EQ(after[i].kind, before[i].kind);
    EXPECT_EQ(after[i].value, before[i].value);
    EXPECT_EQ(after[i].measured_at, before[i].measured_at);
    EXPECT_EQ(after[i].received_at, before[i].received_at);
  }
  EXPECT_EQ(store.session_vitals("s1", UtcTime{2000 + 150 * 5000}).size(), later.size());

  // The block is kept as the readings were: never changed, never deleted.
  EXPECT_THROW(this->engine_.execute("DELETE FROM vital_blocks"), StoreError);
  EXPECT_THROW(this->engine_.execute("UPDATE vital_blocks SET readings = 1"), StoreError);
  AuditQuery seals;
  seals.action = "vitals.seal";
  EXPECT_EQ(this->engine_.audit().query_audit(seals).size(), 1u);
}

TYPED_TEST_P(SessionStoreContract, ReadingsOfASessionNotSealedCannotBeDeleted) {
  TreatmentSessionStore& store = this->store();
  store.record_vitals({{"s1", {{"m", VitalKind::spo2, 97, UtcTime{5}, UtcTime{5}}}, std::nullopt}});
  EXPECT_THROW(this->engine_.execute("DELETE FROM vital_readings"), StoreError);
  EXPECT_EQ(store.session_vitals("s1", std::nullopt).size(), 1u);
}

REGISTER_TYPED_TEST_SUITE_P(
    SessionStoreContract, ASessionReadsBackWithItsDose,
    TransitionsMoveOnlyFromTheExpectedPhaseAndAreKept,
    VitalsAreIdempotentBySessionDeviceKindAndTime,
    BatchesOfOneCommitEachCountOnlyTheirOwnAndFailTogether,
    TheWriterSharesCommitsAndEachSenderCountsOnlyItsOwn, ABadBatchFailsAloneInTheWritersGroup,
    ALongBatchGoesInWholeAndKeepsTheLatestOfEachKind, AlarmsAreRaisedEndedAcknowledgedAndCleared,
    ChecklistKeepsEveryEntryInOrder, EventsAreKeptInOrderWithWhoRecordedThem,
    DeviceCredentialsAreFoundByTokenHash, AFinishedSessionsReadingsAreSealedAndReadBackExactly,
    ReadingsOfASessionNotSealedCannotBeDeleted);

}  // namespace plasticity
