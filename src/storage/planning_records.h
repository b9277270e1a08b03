// What the store keeps from referral to course: eligibility screenings and their sign-off,
// treatment plans and their versions, the schedule (chairs and rooms, staff working hours,
// appointments), the outbox of patient instructions, and KAP therapy notes with their grants.
// Clinical content the store never interprets (intake answers, fired rules, plan bodies, note
// sections) is kept as the JSON the API accepted.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/utc_time.h"
#include "scheduling/appointment.h"
#include "storage/treatment_records.h"

namespace plasticity {

struct ScreeningRecord {
  std::string id;
  std::string patient_id;
  std::string protocol_id;
  std::string intake_json;  // the answers, with the age taken from the chart
  std::string eligibility;  // "eligible", "needs_review", "not_eligible"
  std::string fired_json;   // [{id, kind, message, source}]
  UtcTime screened_at;
  std::int64_t screened_by = 0;
  std::string screened_by_username;
  // The prescriber's sign-off, once: "approved" or "declined".
  std::optional<std::string> decision;
  std::string overrides_json = "[]";  // [{rule_id, reason}]
  std::string sign_off_note;
  std::optional<std::int64_t> signed_by;
  std::string signed_by_username;
  std::optional<UtcTime> signed_at;
};

struct ScreeningSignOff {
  std::string screening_id;
  std::string decision;
  std::string overrides_json;
  std::string note;
  std::int64_t staff_id = 0;
  UtcTime at;
};

struct PlanRecord {
  std::string id;
  std::string patient_id;
  std::string screening_id;  // one course per screening: a new course needs a new screening
  std::string protocol_id;
  std::string body_json;  // the current version's plan
  std::int64_t version = 1;
  std::int64_t created_by = 0;
  UtcTime created_at;
  std::optional<UtcTime> confirmed_at;  // when a prescriber confirmed its sessions
  std::optional<std::int64_t> confirmed_by;
};

struct PlanVersion {
  std::string plan_id;
  std::int64_t version = 1;
  std::string body_json;
  UtcTime at;
  std::int64_t staff_id = 0;
  std::string username;
  std::string reason;
};

// An instruction waiting for a messaging channel to send it to the patient.
struct OutboxMessage {
  std::string id;
  std::string appointment_id;
  std::string patient_id;
  std::string instruction_id;
  std::string text;
  UtcTime send_after;
  std::string status = "pending";  // "pending", "sent", "withdrawn"
  UtcTime created_at;
  std::optional<UtcTime> sent_at;
};

// One write to the schedule, whole or not at all: appointments inserted (version 1) or updated
// (only if the stored version is one less), the treatment sessions booked, moved or cancelled
// with them (a session that has started is never moved: the whole change fails), the plan
// confirmed, instructions queued, and unsent instructions of moved or cancelled appointments
// withdrawn.
struct ScheduleChange {
  std::vector<Appointment> appointments;
  std::vector<TreatmentSession> sessions;
  // Booked sessions that move with their appointment (new time and chair), and those cancelled
  // with it (moved to aborted); either only while the session is still scheduled.
  std::vector<TreatmentSession> rescheduled;
  std::vector<SessionTransition> cancelled;
  std::vector<OutboxMessage> messages;
  std::vector<std::string> withdraw_messages_of;
  std::optional<std::string> confirm_plan_id;
  std::int64_t staff_id = 0;
  UtcTime at;
};

enum class ScheduleWriteStatus { ok, version_conflict };

struct TherapyNoteRecord {
  std::string id;
  std::string patient_id;
  std::string template_id;
  std::string treatment_session_id;  // empty unless the note belongs to a dosing session
  std::string sections_json;
  std::int64_t author_id = 0;
  std::string author_username;
  UtcTime written_at;
  std::vector<std::int64_t> granted;  // clinicians the author let read it
};

enum class PlanWriteStatus { ok, not_found, version_conflict, screening_used };

}  // namespace plasticity
