#include "server/live/session_monitor.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <set>
#include <stdexcept>

#include "server/http/credentials.h"
#include "server/http/json_text.h"
#include "server/sessions/session_json.h"

namespace plasticity::server {
namespace {

// Enough history for every sustained rule; older readings are only in the store.
constexpr std::int64_t kWindowMs = 30 * kMillisPerMinute;

}  // namespace

SessionMonitor::SessionMonitor(Store& store, const ProtocolCatalog& protocols, LiveHub& hub,
                               int reading_lookback_minutes)
    : store_(store),
      protocols_(protocols),
      hub_(hub),
      reading_lookback_ms_(reading_lookback_minutes * kMillisPerMinute),
      writer_(store) {}

std::optional<std::string> SessionMonitor::check_time(const TreatmentSession& session,
                                                      UtcTime measured_at, UtcTime now) const {
  return check_measured_at(
      measured_at, now,
      earliest_reading_time(session.created_at, session.scheduled_at, reading_lookback_ms_));
}

std::shared_ptr<SessionMonitor::Watch> SessionMonitor::watch(const std::string& session_id) {
  std::lock_guard lock(watches_mutex_);
  auto& slot = watches_[session_id];
  if (!slot) slot = std::make_shared<Watch>();
  return slot;
}

std::shared_ptr<SessionMonitor::Watch> SessionMonitor::existing_watch(
    const std::string& session_id) {
  std::lock_guard lock(watches_mutex_);
  const auto found = watches_.find(session_id);
  return found == watches_.end() ? nullptr : found->second;
}

bool SessionMonitor::judging(Watch& watch, const TreatmentSession& session) {
  watch.judged_here = store_.claim(Duty::judge_session, session.id);
  if (!watch.judged_here) {
    watch.loaded = false;
    return false;
  }
  if (!watch.loaded) load(watch, session);
  return true;
}

void SessionMonitor::load(Watch& watch, const TreatmentSession& session) {
  // From scratch: what was kept before may be stale (judged elsewhere meanwhile, or changed).
  watch.rules.clear();
  watch.recent.clear();
  watch.latest_before_dosing.clear();
  watch.open.clear();
  watch.records.clear();
  if (const Protocol* protocol = protocols_.find(session.protocol_id)) {
    watch.rules = protocol->alarm_rules;
  } else {
    spdlog::error("session {}: protocol {} is not in the catalog; no alarm rules apply", session.id,
                  session.protocol_id);
  }
  watch.dosing_since = session.dosing_started_at;
  watch.dosing = session.phase == SessionPhase::dosing;
  for (const VitalReading& reading : store_.session_vitals(session.id, std::nullopt)) {
    remember(watch, reading);
  }
  for (const SessionAlarm& alarm : store_.session_alarms(session.id, true)) {
    watch.open.push_back({alarm.id, alarm.rule_id, !alarm.condition_ended_at.has_value(),
                          alarm.acknowledged_at.has_value()});
    watch.records[alarm.id] = alarm;
  }
  watch.loaded = true;
}

void SessionMonitor::remember(Watch& watch, const VitalReading& reading) {
  const TimedValue value{reading.measured_at, reading.value};
  if (!watch.dosing_since || reading.measured_at < *watch.dosing_since) {
    auto& before = watch.latest_before_dosing[reading.kind];
    if (before.at <= reading.measured_at) before = value;
  }
  auto& recent = watch.recent[reading.kind];
  // Readings may arrive out of order (a gateway catching up); keep the window sorted by time.
  const auto at =
      std::upper_bound(recent.begin(), recent.end(), reading.measured_at,
                       [](UtcTime time, const TimedValue& existing) { return time < existing.at; });
  if (at != recent.begin() && std::prev(at)->at == reading.measured_at) return;  // a resend
  recent.insert(at, value);
  // Readings older than the window are dropped in bulk, once they are half of it, so keeping the
  // window costs O(1) a reading. (Rules look at the newest readings only; extra old ones are
  // harmless.)
  const UtcTime cutoff{recent.back().at.epoch_ms - kWindowMs};
  const auto first_kept =
      std::lower_bound(recent.begin(), recent.end(), cutoff,
                       [](const TimedValue& existing, UtcTime time) { return existing.at < time; });
  if (first_kept - recent.begin() > static_cast<std::ptrdiff_t>(recent.size() / 2)) {
    recent.erase(recent.begin(), first_kept);
  }
}

std::shared_ptr<SessionMonitor::Watch> SessionMonitor::loaded_watch(
    const TreatmentSession& session) {
  auto w = watch(session.id);
  std::lock_guard lock(w->mutex);
  judging(*w, session);
  return w;
}

// On disk first (an acknowledged reading survives a crash), through the writer that shares one
// commit among all senders; the session's lock is not held meanwhile.
std::size_t SessionMonitor::ingest(const TreatmentSession& session,
                                   const std::vector<VitalReading>& readings,
                                   const std::optional<AuditEntry>& audit, UtcTime now) {
  auto w = loaded_watch(session);
  const auto entry = hourly_audit(*w, audit);
  std::size_t added = 0;
  try {
    added = writer_.write({session.id, readings, entry});
  } catch (...) {
    forget_audit(*w, entry);
    throw;
  }
  // Judged on the caller's thread: a gateway's batch of hundreds is more work than the writer's
  // notifying thread should hold the other senders' answers for.
  if (added > 0) readings_stored(*w, session, readings, live_frames(session.id, readings), now);
  return added;
}

void SessionMonitor::ingest_async(const TreatmentSession& session,
                                  std::vector<VitalReading> readings,
                                  std::optional<AuditEntry> audit, UtcTime now, Stored stored) {
  std::shared_ptr<Watch> w;
  try {
    w = loaded_watch(session);
  } catch (const std::exception&) {
    return stored(0, std::current_exception());  // nothing stored
  }
  // The live frame is built here, on the sender's thread, before the commit: the writer's
  // notifying thread answers every sender in turn and should only judge and publish.
  auto frames = live_frames(session.id, readings);
  auto entry = hourly_audit(*w, std::move(audit));
  writer_.submit({session.id, std::move(readings), std::move(entry)},
                 [this, w, session, now, frames = std::move(frames), stored = std::move(stored)](
                     const VitalsBatch& batch, std::size_t added, std::exception_ptr error) {
                   if (error) forget_audit(*w, batch.audit);
                   if (!error && added > 0) {
                     try {
                       readings_stored(*w, session, batch.readings, frames, now);
                     } catch (const std::exception& failure) {
                       // Stored, so acknowledged; the next reading judges the session again.
                       spdlog::error("session {}: judging new readings failed: {}",
                                     batch.session_id, failure.what());
                     }
                   }
                   stored(added, error);
                 });
}

// A monitor sends every few seconds: its readings are audited once per session, sender and hour
// (the first batch of the hour), not per batch. Each reading keeps its device and the time it was
// received, so the trail still says who sent readings to whose session and when, at a size that
// grows with treatment hours instead of with the monitors' rate. Staff entries are each audited.
std::optional<AuditEntry> SessionMonitor::hourly_audit(Watch& watch,
                                                       std::optional<AuditEntry> audit) {
  if (!audit || audit->role != "device") return audit;
  const std::int64_t hour = audit->at.epoch_ms / (60 * kMillisPerMinute);
  std::lock_guard lock(watch.mutex);
  const auto [last, first_ever] = watch.audited_hour.try_emplace(audit->username, hour);
  if (!first_ever && last->second == hour) return std::nullopt;
  last->second = hour;
  audit->detail += " (the first batch this hour; later ones are in the session's vitals)";
  return audit;
}

void SessionMonitor::forget_audit(Watch& watch, const std::optional<AuditEntry>& audit) {
  if (!audit || audit->role != "device") return;
  std::lock_guard lock(watch.mutex);
  watch.audited_hour.erase(audit->username);
}

std::vector<std::string> SessionMonitor::live_frames(const std::string& session_id,
                                                     const std::vector<VitalReading>& readings) {
  // Built only when a nurse station may be watching: this is the ingest hot path, and most
  // gateways send while nobody has the page open.
  std::vector<std::string> frames;
  if (hub_.subscriber_count() == 0 && !store_.shared()) return frames;
  const std::string head =
      R"({"type":"vitals","session_id":)" + json_text(OrderedJson(session_id)) + R"(,"readings":[)";
  const std::string tail = "]}";
  std::string frame;
  for (const VitalReading& reading : readings) {
    const std::string item = json_text(vital_reading_to_json(reading));
    if (!frame.empty() && frame.size() + 1 + item.size() + tail.size() > kMaxFrameBytes) {
      frames.push_back(frame + tail);
      frame.clear();
    }
    frame += frame.empty() ? head : ",";
    frame += item;
  }
  if (!frame.empty()) frames.push_back(frame + tail);
  return frames;
}

void SessionMonitor::readings_stored(Watch& watch, const TreatmentSession& session,
                                     const std::vector<VitalReading>& readings,
                                     const std::vector<std::string>& frames, UtcTime now) {
  std::lock_guard lock(watch.mutex);
  for (const std::string& frame : frames) hub_.publish_text(frame, /*urgent=*/false);
  if (!judging(watch, session)) return;  // the judge hears the frames
  for (const VitalReading& reading : readings) remember(watch, reading);
  judge(watch, session.id, now);
}

void SessionMonitor::heard_frame(const std::string& frame, UtcTime now) {
  try {
    const Json event = Json::parse(frame);
    if (event.at("type") != "vitals") return;
    std::vector<VitalReading> readings;
    for (const Json& item : event.at("readings")) {
      const auto kind = parse_vital_kind(item.at("kind").get<std::string>());
      const auto at = parse_iso8601(item.at("at").get<std::string>());
      if (!kind || !at) throw std::invalid_argument("a reading of unknown kind or time");
      readings.push_back({item.at("device_id"), *kind, item.at("value"), *at, *at});
    }
    readings_heard(event.at("session_id"), readings, now);
  } catch (const std::exception& error) {
    spdlog::error("a vitals frame from another server could not be judged: {}", error.what());
  }
}

// Judged only by the session's judge, which loaded its watch when it took the duty (taken by
// whichever server first stores, or ticks over, the session), and loads it again after a change.
void SessionMonitor::readings_heard(const std::string& session_id,
                                    const std::vector<VitalReading>& readings, UtcTime now) {
  const auto w = existing_watch(session_id);
  if (!w) return;
  std::lock_guard lock(w->mutex);
  if (w->loaded) {
    for (const VitalReading& reading : readings) remember(*w, reading);
  } else {
    // Unloaded by a change announced since (a phase change or an acknowledgement made through
    // another server). The judge reads the session afresh, the heard readings with it (stored
    // before they were told); the others have nothing to do.
    if (!w->judged_here) return;
    const auto session = store_.find_treatment_session(session_id);
    if (!session || !judging(*w, *session)) return;
  }
  judge(*w, session_id, now);
}

void SessionMonitor::judge(Watch& watch, const std::string& session_id, UtcTime now) {
  MonitoringSnapshot snapshot;
  for (const auto& [kind, values] : watch.recent) snapshot.readings[kind] = values;
  if (watch.dosing_since) {
    for (const auto& [kind, value] : watch.latest_before_dosing)
      snapshot.baseline[kind] = value.value;
  }
  if (watch.dosing) snapshot.dosing_since = watch.dosing_since;
  snapshot.now = now;
  const AlarmChanges changes = reconcile_alarms(watch.open, firing_alarms(watch.rules, snapshot));
  if (changes.empty()) return;
  SessionAlarmWrite write{
      {}, changes.condition_ended, changes.condition_again, changes.cleared, now};
  for (const FiringAlarm& firing : changes.raise) {
    SessionAlarm alarm;
    alarm.id = new_random_id();
    alarm.session_id = session_id;
    alarm.rule_id = firing.rule_id;
    alarm.severity = firing.severity;
    alarm.message = firing.message;
    alarm.value = firing.value;
    alarm.raised_at = now;
    write.raised.push_back(std::move(alarm));
  }
  // The nurse station hears of the change before it is written: the write may wait behind a
  // bulk vital-sign commit, and seconds matter here. The frames come from the records kept in
  // memory (a failed write throws below and leaves the watch as it was, so the next judgement
  // raises the alarm again).
  std::map<std::string, SessionAlarm> records = watch.records;
  for (const auto& alarm : write.raised) records[alarm.id] = alarm;
  for (const auto& id : changes.condition_ended) records[id].condition_ended_at = now;
  for (const auto& id : changes.condition_again) records[id].condition_ended_at.reset();
  for (const auto& id : changes.cleared) records[id].cleared_at = now;
  std::vector<std::string> touched;
  for (const auto& alarm : write.raised) touched.push_back(alarm.id);
  for (const auto* ids : {&changes.condition_ended, &changes.condition_again, &changes.cleared}) {
    touched.insert(touched.end(), ids->begin(), ids->end());
  }
  for (const auto& id : touched) {
    hub_.publish({{"type", "alarm"},
                  {"session_id", session_id},
                  {"alarm", session_alarm_to_json(records[id])}});
  }
  store_.record_alarm_changes(write);
  for (const auto& alarm : write.raised) {
    watch.open.push_back({alarm.id, alarm.rule_id, true, false});
  }
  auto set_active = [&](const std::vector<std::string>& ids, bool active) {
    for (auto& open : watch.open) {
      if (std::find(ids.begin(), ids.end(), open.alarm_id) != ids.end()) {
        open.condition_active = active;
      }
    }
  };
  set_active(changes.condition_ended, false);
  set_active(changes.condition_again, true);
  auto cleared = [&](const std::string& id) {
    return std::find(changes.cleared.begin(), changes.cleared.end(), id) != changes.cleared.end();
  };
  std::erase_if(watch.open, [&](const OpenAlarm& open) { return cleared(open.alarm_id); });
  std::erase_if(records, [&](const auto& entry) { return cleared(entry.first); });
  watch.records = std::move(records);
}

void SessionMonitor::phase_changed(const TreatmentSession& session, UtcTime now) {
  ++generation_;
  if (is_finished(session.phase)) {
    std::lock_guard lock(watches_mutex_);
    watches_.erase(session.id);
  } else {
    auto w = watch(session.id);
    std::lock_guard lock(w->mutex);
    if (judging(*w, session)) {
      w->dosing = session.phase == SessionPhase::dosing;
      if (!w->dosing_since && session.dosing_started_at) {
        w->dosing_since = session.dosing_started_at;
      }
      judge(*w, session.id, now);
    }
  }
  store_.announce(kSessionChangedTopic, session.id);
  hub_.publish({{"type", "session"},
                {"session_id", session.id},
                {"phase", to_string(session.phase)},
                {"version", session.version}});
}

void SessionMonitor::patients_changed() {
  ++generation_;
  store_.announce(kPatientsChangedTopic, "");
}

void SessionMonitor::session_changed_elsewhere(const std::string& session_id) {
  ++generation_;
  const auto w = existing_watch(session_id);
  if (!w) return;
  std::lock_guard lock(w->mutex);
  w->loaded = false;  // read afresh when next judged
}

void SessionMonitor::resync() {
  ++generation_;
  std::lock_guard lock(watches_mutex_);
  for (auto& [id, w] : watches_) {
    std::lock_guard watch_lock(w->mutex);
    w->loaded = false;
  }
}

AcknowledgeStatus SessionMonitor::acknowledge(const TreatmentSession& session,
                                              const std::string& alarm_id, std::int64_t staff_id,
                                              const std::string& action, UtcTime now,
                                              const AuditEntry& audit) {
  auto w = watch(session.id);
  std::optional<SessionAlarm> alarm;
  {
    // Under the session's lock, so judging cannot end the condition between reading it here and
    // recording the acknowledgement (the alarm would then never clear).
    std::lock_guard lock(w->mutex);
    judging(*w, session);
    alarm = store_.find_session_alarm(alarm_id);
    if (!alarm || alarm->session_id != session.id) return AcknowledgeStatus::not_found;
    const bool clears = clears_on_acknowledgement(
        {alarm->id, alarm->rule_id, !alarm->condition_ended_at.has_value(), false});
    const auto status =
        store_.acknowledge_session_alarm(alarm_id, staff_id, action, now, clears, audit);
    if (status != AcknowledgeStatus::ok) return status;
    for (auto& open : w->open) {
      if (open.alarm_id == alarm_id) open.acknowledged = true;
    }
    if (clears) {
      std::erase_if(w->open, [&](const OpenAlarm& open) { return open.alarm_id == alarm_id; });
    }
    alarm = store_.find_session_alarm(alarm_id);
    if (clears) {
      w->records.erase(alarm_id);
    } else if (w->loaded) {
      w->records[alarm_id] = *alarm;
    }
  }
  store_.announce(kSessionChangedTopic, session.id);  // the judge, if elsewhere, reads it afresh
  hub_.publish(
      {{"type", "alarm"}, {"session_id", session.id}, {"alarm", session_alarm_to_json(*alarm)}});
  return AcknowledgeStatus::ok;
}

// Also where a session whose judge died (or that nobody judged yet) gets one, and where the
// duties and watches of sessions no longer active are let go.
void SessionMonitor::tick(UtcTime now) {
  std::set<std::string> active;
  for (const TreatmentSession& session : store_.active_treatment_sessions()) {
    active.insert(session.id);
    if (session.phase != SessionPhase::dosing) continue;
    auto w = watch(session.id);
    std::lock_guard lock(w->mutex);
    if (judging(*w, session)) judge(*w, session.id, now);
  }
  store_.release_all_but(Duty::judge_session, active);
  // Only watches not judged here and not in use: a watch in use may be of a session that began
  // since the list was read.
  std::lock_guard lock(watches_mutex_);
  std::erase_if(watches_, [&](const auto& entry) {
    if (active.contains(entry.first)) return false;
    std::unique_lock in_use(entry.second->mutex, std::try_to_lock);
    return in_use.owns_lock() && !entry.second->loaded;
  });
}

}  // namespace plasticity::server
