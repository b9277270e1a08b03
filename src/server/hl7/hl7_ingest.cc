#include "server/hl7/hl7_ingest.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>

#include "interop/hl7_vitals.h"

namespace plasticity::server {
namespace {

// "Chair 2" and ".../CHAIR2" name the same chair.
std::string letters_and_digits(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c)) out += static_cast<char>(std::tolower(c));
  }
  return out;
}

struct Match {
  std::optional<TreatmentSession> session;
  std::string error;
};

Match find_session(Store& store, const std::string& mrn, const std::string& bed) {
  const auto patient = store.find_patient_by_mrn(mrn);
  if (!patient) return {std::nullopt, "no patient has the MRN " + mrn};
  std::vector<TreatmentSession> active;
  for (auto& session : store.patient_treatment_sessions(patient->id)) {
    if (!is_finished(session.phase) && session.phase != SessionPhase::scheduled) {
      active.push_back(std::move(session));
    }
  }
  if (active.empty())
    return {std::nullopt, "the patient with MRN " + mrn + " has no checked-in session"};
  if (active.size() == 1) return {active.front(), ""};
  const std::string where = letters_and_digits(bed);
  for (auto& session : active) {
    if (!where.empty() && where.find(letters_and_digits(session.chair)) != std::string::npos) {
      return {session, ""};
    }
  }
  return {std::nullopt, "the patient with MRN " + mrn +
                            " has several active sessions and PV1-3 names none of their chairs"};
}

}  // namespace

Hl7Ingest::Hl7Ingest(Store& store, SessionMonitor& monitor, Clock clock)
    : store_(store), monitor_(monitor), clock_(std::move(clock)) {}

std::string Hl7Ingest::ack_id() { return "PL" + std::to_string(++acks_); }

std::optional<TreatmentSession> Hl7Ingest::cached_session(const std::string& key) {
  std::lock_guard lock(cache_mutex_);
  auto it = sessions_.find(key);
  if (it == sessions_.end() || it->second.generation != monitor_.generation()) return std::nullopt;
  return it->second.session;
}

void Hl7Ingest::remember_session(const std::string& key, std::uint64_t generation,
                                 const TreatmentSession& session) {
  std::lock_guard lock(cache_mutex_);
  // Entries of finished sessions go stale with the generation; the map only ever holds the
  // (MRN, bed) pairs monitors send, so clearing it when it grows large is enough.
  if (sessions_.size() > 10'000) sessions_.clear();
  sessions_[key] = {generation, session};
}

void Hl7Ingest::handle(std::string_view message_text, const std::string& peer, Reply reply) {
  using namespace hl7;
  const UtcTime now = clock_();
  if (message_text.empty()) {
    // The listener passes an empty message for a frame over its size limit.
    return reply(hl7_ack(nullptr, AckCode::rejected, "the message is empty or over the size limit",
                         now, ack_id(), kErrDataTypeError));
  }
  auto parsed = parse_hl7_message(message_text);
  if (!parsed.message) {
    spdlog::warn("HL7 from {} rejected: {}", peer, parsed.error);
    return reply(
        hl7_ack(nullptr, AckCode::rejected, parsed.error, now, ack_id(), kErrDataTypeError));
  }
  // Shared with the answer that comes once the readings are on disk.
  const auto message = std::make_shared<const Message>(std::move(*parsed.message));
  try {
    auto result = read_monitor_report(*message, now);
    if (!result.report) {
      return reply(
          hl7_ack(message.get(), result.refusal, result.error, now, ack_id(), result.error_code));
    }
    MonitorReport& report = *result.report;
    const std::string key = report.mrn + '\x1f' + report.bed;
    // Read before looking up: a change during the lookup makes the entry stale at once.
    const std::uint64_t generation = monitor_.generation();
    Match match{cached_session(key), ""};
    if (!match.session) {
      match = find_session(store_, report.mrn, report.bed);
      if (!match.session) {
        return reply(
            hl7_ack(message.get(), AckCode::error, match.error, now, ack_id(), kErrUnknownKey));
      }
      remember_session(key, generation, *match.session);
    }
    for (const auto& reading : report.readings) {
      if (auto wrong = monitor_.check_time(*match.session, reading.measured_at, now)) {
        return reply(hl7_ack(message.get(), AckCode::error, "OBX-14 (observation time): " + *wrong,
                             now, ack_id(), kErrDataTypeError));
      }
    }
    if (report.readings.empty())
      return reply(hl7_ack(message.get(), AckCode::accepted, "", now, ack_id()));
    AuditEntry audit;
    audit.at = now;
    audit.username = "hl7:" + message->field("MSH", 3).component(1);
    audit.role = "device";
    audit.action = "vitals.record";
    audit.outcome = "success";
    audit.patient_id = match.session->patient_id;
    audit.request_id = message->control_id().substr(0, 64);
    audit.client_address = peer;
    audit.detail = "session " + match.session->id + ": " + std::to_string(report.readings.size()) +
                   " readings over HL7";
    // Answered once on disk: the connection holds no thread meanwhile.
    monitor_.ingest_async(
        *match.session, std::move(report.readings), std::move(audit), now,
        [this, message, now, peer, reply](std::size_t, std::exception_ptr error) {
          if (!error) return reply(hl7_ack(message.get(), AckCode::accepted, "", now, ack_id()));
          try {
            std::rethrow_exception(error);
          } catch (const std::exception& failure) {
            spdlog::error("HL7 message {} from {} not stored: {}", message->control_id(), peer,
                          failure.what());
          }
          reply(stored_nothing(*message, now));
        });
  } catch (const std::exception& error) {
    spdlog::error("HL7 message {} from {} failed: {}", message->control_id(), peer, error.what());
    reply(stored_nothing(*message, now));
  }
}

std::string Hl7Ingest::stored_nothing(const hl7::Message& message, UtcTime now) {
  return hl7_ack(&message, hl7::AckCode::error, "stored nothing: an internal error; send it again",
                 now, ack_id(), hl7::kErrApplication);
}

}  // namespace plasticity::server
