// The shipped protocol files: they load, they carry sources, and a clinic's file replaces one.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "interop/protocol_json.h"

namespace plasticity {
namespace {

TEST(ProtocolCatalog, ShipsTheFourProtocolsWithSources) {
  const auto catalog = load_protocol_catalog({PLASTICITY_PROTOCOLS_DIR});
  for (const char* id : {"iv_ketamine", "im_ketamine", "esketamine_nasal", "oral_ketamine"}) {
    const Protocol* protocol = catalog.find(id);
    ASSERT_NE(protocol, nullptr) << id;
    EXPECT_FALSE(protocol->dose.source.empty()) << id;
    EXPECT_FALSE(protocol->monitoring_source.empty()) << id;
    EXPECT_FALSE(protocol->discharge_checklist.empty()) << id;
    for (const auto& rule : protocol->alarm_rules) EXPECT_FALSE(rule.source.empty()) << rule.id;
  }
  EXPECT_EQ(catalog.all().size(), 4u);
}

TEST(ProtocolCatalog, EsketamineCarriesItsLabelRules) {
  const auto catalog = load_protocol_catalog({PLASTICITY_PROTOCOLS_DIR});
  const Protocol& esk = *catalog.find("esketamine_nasal");
  EXPECT_EQ(esk.minimum_monitoring_minutes, 120);
  EXPECT_TRUE(esk.minimum_monitoring_is_regulatory);
  EXPECT_TRUE(esk.monitoring_form_required);
  EXPECT_EQ(esk.dose.device_mg, 28);
  const auto rise =
      std::find_if(esk.alarm_rules.begin(), esk.alarm_rules.end(),
                   [](const AlarmRule& r) { return r.id == "sbp_rise_from_baseline"; });
  ASSERT_NE(rise, esk.alarm_rules.end());
  EXPECT_EQ(rise->threshold, 40);
  // Shared rules come first, then the protocol's own.
  EXPECT_EQ(esk.alarm_rules.front().id, "sbp_critical_high");
  const Protocol& iv = *catalog.find("iv_ketamine");
  EXPECT_EQ(iv.dose.default_mg_per_kg, 0.5);
  EXPECT_EQ(iv.dose.default_infusion_minutes, 40);
  EXPECT_EQ(iv.alarm_rules.size(), esk.alarm_rules.size() - 2);
}

TEST(ProtocolCatalog, AClinicFileReplacesTheSharedAlarmRules) {
  const auto dir = std::filesystem::temp_directory_path() / "plasticity_protocols_test";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "alarm_rules.json") << R"({"rules": [
    {"id": "sbp_critical_high", "kind": "sbp", "test": "above", "threshold": 170,
     "severity": "critical", "source": "our clinic's policy"}]})";
  const auto catalog = load_protocol_catalog({PLASTICITY_PROTOCOLS_DIR, dir});
  const Protocol& iv = *catalog.find("iv_ketamine");
  ASSERT_EQ(iv.alarm_rules.size(), 1u);
  EXPECT_EQ(iv.alarm_rules[0].threshold, 170);
  std::filesystem::remove_all(dir);
}

TEST(ProtocolCatalog, AWrongFileIsNamedWithItsField) {
  EXPECT_THROW(
      {
        try {
          parse_alarm_rules(R"({"rules": [{"id": "x", "kind": "bp", "test": "above",
                               "threshold": 1, "severity": "warning", "source": "s"}]})");
        } catch (const DefinitionError& error) {
          EXPECT_STREQ(error.what(), "/rules/0/kind: unknown vital sign 'bp'");
          throw;
        }
      },
      DefinitionError);
}

}  // namespace
}  // namespace plasticity
