#include "interop/clinic_settings.h"

#include <gtest/gtest.h>

namespace plasticity {
namespace {

using Json = nlohmann::json;

ClinicSettings clinic() {
  ClinicSettings settings;
  settings.schedule.time_zone_name = "America/New_York";
  settings.schedule.time_zone = ClinicTimeZone::locate("America/New_York");
  settings.schedule.instructions = {
      {"escort_home", "A responsible adult must accompany you.", 48, "src"},
      {"no_food", "Do not eat for 2 hours.", 24, "src"}};
  AppointmentType infusion;
  infusion.id = "infusion";
  infusion.name = "IV infusion";
  infusion.instructions = {"escort_home"};
  settings.schedule.appointment_types = {infusion};
  return settings;
}

TEST(ClinicSettingsEdit, StoresOnlyWhatChangedAndAppliesIt) {
  const ClinicSettings current = clinic();
  FieldErrors errors;
  const auto rows = read_settings_edit(
      Json::parse(R"({"time_zone": " Europe/Berlin ", "crisis_text": "Call 112 now.",
                      "instructions": [{"id": "no_food", "text": "Nothing to eat for 3 hours.",
                                        "send_hours_before": 36},
                                       {"id": "escort_home", "text": "A responsible adult must accompany you."}]})"),
      current, errors);
  ASSERT_TRUE(errors.empty()) << errors.front().message;
  EXPECT_EQ(rows,
            (StoredSettings{{"crisis_text", R"("Call 112 now.")"},
                            {"instruction/no_food",
                             R"({"send_hours_before":36,"text":"Nothing to eat for 3 hours."})"},
                            {"time_zone", R"("Europe/Berlin")"}}));
  ClinicSettings next = current;
  EXPECT_TRUE(apply_stored_settings(next, rows).empty());
  EXPECT_EQ(next.schedule.time_zone->name(), "Europe/Berlin");
  EXPECT_EQ(next.crisis_text, "Call 112 now.");
  EXPECT_EQ(next.schedule.find_instruction("no_food")->send_hours_before, 36);
  EXPECT_EQ(next.schedule.find_instruction("escort_home")->text,
            "A responsible adult must accompany you.");
}

TEST(ClinicSettingsEdit, NamesEveryBrokenFieldAndStoresNothing) {
  FieldErrors errors;
  const auto rows = read_settings_edit(
      Json::parse(R"({"time_zone": "Mars/Olympus", "crisis_text": "   ", "colour": "red",
                      "instructions": [{"id": "no_food", "send_hours_before": 0},
                                       {"id": "gone", "text": "x"},
                                       {"id": "no_food", "text": "again"},
                                       {"text": "no id"}]})"),
      clinic(), errors);
  EXPECT_TRUE(rows.empty());
  std::vector<std::pair<std::string, std::string>> named;
  for (const auto& e : errors) named.emplace_back(e.field, e.rule);
  EXPECT_EQ(named, (std::vector<std::pair<std::string, std::string>>{
                       {"colour", "unknown_field"},
                       {"time_zone", "known_zone"},
                       {"crisis_text", "required"},
                       {"instructions/0/send_hours_before", "range"},
                       {"instructions/1/id", "known_instruction"},
                       {"instructions/2/id", "unique"},
                       {"instructions/3/id", "required"}}));
  EXPECT_EQ(errors[1].message,
            "the time zone must be an IANA name such as America/New_York or Europe/London "
            "(there is no zone 'Mars/Olympus')");
}

TEST(ClinicSettingsEdit, CountsCharactersNotBytes) {
  FieldErrors errors;
  std::string accents;
  for (std::size_t i = 0; i < kMaxInstructionTextChars; ++i) accents += "\xC3\xA9";  // é
  read_settings_edit(Json{{"instructions", {{{"id", "no_food"}, {"text", accents}}}}}, clinic(),
                     errors);
  EXPECT_TRUE(errors.empty());
  read_settings_edit(Json{{"instructions", {{{"id", "no_food"}, {"text", accents + "e"}}}}},
                     clinic(), errors);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].field, "instructions/0/text");
  EXPECT_EQ(errors[0].rule, "max_length");
}

TEST(ClinicSettingsEdit, AnEmptyEditOrANonObjectIsRefused) {
  FieldErrors errors;
  read_settings_edit(Json::object(), clinic(), errors);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].rule, "required");
  errors.clear();
  read_settings_edit(Json::array(), clinic(), errors);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].rule, "object");
}

TEST(StoredSettings, AStaleRowIsLeftOutWithAWarningAndTheRestApplies) {
  ClinicSettings settings = clinic();
  const auto warnings =
      apply_stored_settings(settings, {{"crisis_text", R"("Call 988.")"},
                                       {"instruction/dropped", R"({"text": "x"})"},
                                       {"time_zone", "not json"},
                                       {"volume", "11"}});
  EXPECT_EQ(settings.crisis_text, "Call 988.");
  EXPECT_EQ(settings.schedule.time_zone_name, "America/New_York");
  EXPECT_EQ(warnings, (std::vector<std::string>{
                          "setting instruction/dropped is not applied: there is no patient "
                          "instruction 'dropped' in the clinic's schedule",
                          "setting time_zone is not applied: the stored value is not JSON",
                          "setting volume is not applied: there is no setting 'volume'"}));
}

TEST(EditableSettings, EachInstructionNamesTheAppointmentsThatSendIt) {
  const auto json = editable_settings_to_json(clinic());
  EXPECT_EQ(json["time_zone"], "America/New_York");
  EXPECT_EQ(json["instructions"][0]["sent_before"], nlohmann::ordered_json::array({"IV infusion"}));
  EXPECT_TRUE(json["instructions"][1]["sent_before"].empty());
  EXPECT_EQ(json["limits"]["crisis_text_characters"], kMaxCrisisTextChars);
}

}  // namespace
}  // namespace plasticity
