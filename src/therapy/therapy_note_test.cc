#include "therapy/therapy_note.h"

#include <gtest/gtest.h>

namespace plasticity {
namespace {

TEST(TherapyNotes, ThreeKapTemplates) {
  for (const char* id : {"kap_preparation", "kap_dosing", "kap_integration"}) {
    EXPECT_NE(find_note_template(id), nullptr) << id;
  }
  EXPECT_TRUE(find_note_template("kap_dosing")->needs_session);
  EXPECT_FALSE(find_note_template("kap_integration")->needs_session);
  EXPECT_EQ(find_note_template("progress_note"), nullptr);
}

TEST(TherapyNotes, RequiredSectionsAndTheSessionOfADosingNote) {
  const NoteTemplate& dosing = *find_note_template("kap_dosing");
  FieldErrors errors = validate_note(dosing, {{"experience", "Calm, tearful at 30 min"}}, false);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].field, "sections/safety_observations");
  EXPECT_EQ(errors[1].field, "session_id");
  errors = validate_note(
      dosing, {{"experience", "Calm"}, {"safety_observations", " \n"}, {"mood", "ok"}}, true);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].rule, "known_section");
  EXPECT_EQ(errors[1].rule, "required");
  EXPECT_TRUE(
      validate_note(dosing, {{"experience", "Calm"}, {"safety_observations", "No distress"}}, true)
          .empty());
  EXPECT_EQ(validate_note(*find_note_template("kap_integration"),
                          {{"themes", std::string(20001, 'x')}, {"mood_and_risk", "stable"}}, false)
                .at(0)
                .rule,
            "length");
}

TEST(TherapyNotes, OnlyTheAuthorAndGrantedCliniciansRead) {
  EXPECT_TRUE(may_read_note(7, {}, 7));
  EXPECT_FALSE(may_read_note(7, {}, 1));
  EXPECT_TRUE(may_read_note(7, {3, 9}, 9));
  EXPECT_FALSE(may_read_note(7, {3, 9}, 4));
}

}  // namespace
}  // namespace plasticity
