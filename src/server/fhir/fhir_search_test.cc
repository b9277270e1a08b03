#include "server/fhir/fhir_search.h"

#include <gtest/gtest.h>

namespace plasticity::server::fhir {
namespace {

UtcTime at(const char* text) { return *parse_iso8601(text); }

TEST(FhirSearch, ADateCoversItsPrecisionAndPrefixesOpenIt) {
  const auto month = read_date_parameter("2026-02");
  ASSERT_TRUE(month);
  EXPECT_EQ(*month->from, at("2026-02-01T00:00:00Z"));
  EXPECT_EQ(*month->to, at("2026-03-01T00:00:00Z"));
  const auto day_after = read_date_parameter("gt2026-02-28");
  EXPECT_EQ(*day_after->from, at("2026-03-01T00:00:00Z"));
  EXPECT_FALSE(day_after->to);
  const auto before = read_date_parameter("lt2026-01-01T10:00:00Z");
  EXPECT_EQ(*before->to, at("2026-01-01T10:00:00Z"));
  const auto up_to = read_date_parameter("le2026");
  EXPECT_EQ(*up_to->to, at("2027-01-01T00:00:00Z"));
  const auto second = read_date_parameter("2026-01-01T10:00:00+02:00");
  EXPECT_EQ(second->to->epoch_ms - second->from->epoch_ms, 1000);
  for (const char* bad : {"yesterday", "2026-02-30", "ne2026", "sa2026-01", "2026-1", ""}) {
    EXPECT_FALSE(read_date_parameter(bad)) << bad;
  }
}

TEST(FhirSearch, RefusesUnknownParametersAndNeedsAPatientForCompartmentTypes) {
  FieldErrors errors;
  read_search("Observation", {{"code", "8867-4"}, {"colour", "blue"}}, errors);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].field, "colour");
  errors.clear();
  read_search("Observation", {{"code", "8867-4"}}, errors);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].field, "patient");
  errors.clear();
  const Search s = read_search("Observation", {{"subject", "Patient/p1"}, {"_count", "5"}}, errors);
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(*s.patient, "p1");
  EXPECT_EQ(s.count, 5);
}

TEST(FhirSearch, MatchesCodesWithOrWithoutTheirSystemAndDatesInRange) {
  FhirResource r;
  r.type = "Observation";
  r.patient_id = "p1";
  r.codes = {"http://loinc.org|8867-4"};
  r.date = at("2026-03-04T10:00:00Z");
  r.last_updated = at("2026-03-04T10:00:01Z");
  FieldErrors errors;
  auto search = [&](QueryPairs q) {
    q.emplace_back("patient", "p1");
    return read_search("Observation", q, errors);
  };
  EXPECT_TRUE(matches(search({{"code", "8867-4"}}), r));
  EXPECT_TRUE(matches(search({{"code", "|8867-4"}}), r));
  EXPECT_TRUE(matches(search({{"code", "x|1,http://loinc.org|8867-4"}}), r));
  EXPECT_FALSE(matches(search({{"code", "http://snomed.info/sct|8867-4"}}), r));
  EXPECT_TRUE(matches(search({{"date", "ge2026-03-04"}, {"date", "lt2026-03-05"}}), r));
  EXPECT_FALSE(matches(search({{"date", "2026-03-05"}}), r));
  EXPECT_FALSE(matches(search({{"_lastUpdated", "lt2026-03-04T10:00:01Z"}}), r));
  EXPECT_TRUE(errors.empty());
}

TEST(FhirResources, PairsSystolicAndDiastolicOfOneDeviceAndInstantIntoAPanel) {
  TreatmentSession session;
  session.id = "s1";
  session.patient_id = "p1";
  const UtcTime t = at("2026-03-04T10:00:00Z");
  const std::vector<VitalReading> readings{{"m1", VitalKind::systolic_bp, 124, t, t},
                                           {"m1", VitalKind::diastolic_bp, 78, t, t},
                                           {"m2", VitalKind::systolic_bp, 130, t, t},
                                           {"m1", VitalKind::heart_rate, 70, t, t}};
  const auto observations = vital_sign_observations(session, readings);
  ASSERT_EQ(observations.size(), 3u);  // a panel, a lone systolic (another device), a heart rate
  EXPECT_EQ(observations[0].json["code"]["coding"][0]["code"], "85354-9");
  EXPECT_EQ(observations[0].json["component"].size(), 2u);
  EXPECT_EQ(observations[1].json["code"]["coding"][0]["code"], "8480-6");
  EXPECT_EQ(observations[1].json["valueQuantity"]["value"], 130);
  EXPECT_EQ(observations[2].json["meta"]["profile"][0],
            "http://hl7.org/fhir/StructureDefinition/heartrate");
  for (const auto& o : observations) {
    EXPECT_LE(o.id.size(), 64u);
    EXPECT_EQ(o.id.substr(0, 3), "s1-");
  }
}

}  // namespace
}  // namespace plasticity::server::fhir
