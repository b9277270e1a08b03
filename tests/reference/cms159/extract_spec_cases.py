"""The facts of CMS159's own test cases, for src/outcomes/cms159_test.cc.

The measure's developers publish a test case per rule of the eCQM (MADiE test cases of
CMS159FHIR v0.3.000, the 2026 measurement period), as FHIR bundles with the expected
MeasureReport, in https://github.com/cqframework/ecqm-content-qicore-2025 under
input/tests/measure/CMS159FHIRDepressionRemissionatTwelveMonths/. This script reads a checkout of
that repository and writes spec_cases.json: per case, only what Plasticity's record can hold
(birth date, ICD-10 diagnoses, complete PHQ-9 totals with their times) and the expected
populations; and, where the case turns on something the chart does not record, what that is.

Run: /usr/bin/python3 extract_spec_cases.py CHECKOUT > spec_cases.json
"""
import json
import subprocess
import sys

FOLDER = "input/tests/measure/CMS159FHIRDepressionRemissionatTwelveMonths/"
PHQ9 = {"44261-6", "89204-2"}  # PHQ-9 total, PHQ-9 modified for teens
# The cases code some conditions in SNOMED CT only; Plasticity's chart holds ICD-10-CM. Each is
# recorded as the ICD-10-CM code a clinic would enter for the same condition (Plasticity's reading
# of the standard SNOMED CT to ICD-10-CM map, not verified code by code; the measure's exclusions
# turn on the category, which is not in doubt). Hospice care has no code in the chart.
SNOMED_TO_ICD10 = {
    "10981006": "F31.64",   # severe mixed bipolar I disorder with psychotic features
    "111482003": "F20.9",   # subchronic schizophrenia
    "191611001": "F33.3",   # recurrent major depression, severe, with psychosis
    "191765005": "F60.3",   # emotionally unstable (borderline) personality disorder
    "231536004": "F84.0",   # atypical autism
    "1153575004": "F34.1",  # persistent depressive disorder (dysthymia)
    "15193003": "F33.3",    # severe recurrent major depression with psychotic features
    "268621008": "F33.9",   # recurrent major depression
}
COMPLETE = {"final", "amended", "corrected"}
# The visits at which the cases take their PHQ-9s (a psychiatric evaluation, a wellness visit);
# any other encounter in them is a hospice or palliative care one, which the chart does not record.
OFFICE_VISITS = {"90791", "99205", "G0438"}


def files(checkout):
    listing = subprocess.run(["git", "-C", checkout, "ls-tree", "-r", "--name-only", "HEAD", FOLDER],
                             capture_output=True, text=True, check=True).stdout.split()
    return sorted(f for f in listing if f.split("/")[-1].startswith("CMS159FHIR-v"))


def show(checkout, path):
    return json.loads(subprocess.run(["git", "-C", checkout, "show", f"HEAD:{path}"],
                                     capture_output=True, text=True, check=True).stdout)


def codes(resource, system_part):
    return [c["code"] for c in resource.get("code", {}).get("coding", []) if system_part in c.get("system", "")]


def case(bundle, name):
    out = {"case": name, "diagnoses": [], "assessments": [], "unrecorded": []}
    for entry in bundle["entry"]:
        r = entry["resource"]
        kind = r["resourceType"]
        if kind == "Patient":
            out["birth_date"] = r["birthDate"]
            if r.get("deceasedDateTime") or r.get("deceasedBoolean"):
                out["unrecorded"].append("death")
        elif kind == "Condition":
            icd = codes(r, "icd-10") or [SNOMED_TO_ICD10[c] for c in codes(r, "snomed") if c in SNOMED_TO_ICD10]
            out["diagnoses"] += icd
            if not icd:
                out["unrecorded"].append("hospice care")
            if r.get("abatementDateTime") or r.get("onsetDateTime", "9999") > "2026-12-31":
                out["unrecorded"].append("the diagnosis's dates")
        elif kind == "Observation" and set(codes(r, "loinc")) & PHQ9:
            if r.get("status") in COMPLETE:
                out["assessments"].append({"at": r["effectiveDateTime"], "total": r["valueInteger"]})
            else:
                out["unrecorded"].append("an assessment not complete (status " + r.get("status", "none") + ")")
        elif kind == "MeasureReport":
            out["measurement_year"] = int(r["period"]["start"][:4])
            counts = {p["code"]["coding"][0]["code"]: p.get("count", 0) for p in r["group"][0]["population"]}
            out["expected"] = {"initial_population": counts.get("initial-population", 0),
                               "denominator": counts.get("denominator", 0),
                               "exclusion": counts.get("denominator-exclusion", 0),
                               "numerator": counts.get("numerator", 0)}
        elif kind == "Encounter" and not any(c["code"] in OFFICE_VISITS for t in r.get("type", []) for c in t["coding"]):
            out["unrecorded"].append("hospice or palliative care services")
        elif kind in ("Procedure", "ServiceRequest", "Observation"):
            out["unrecorded"].append("hospice or palliative care services")
    out["unrecorded"] = sorted(set(out["unrecorded"]))
    return out


def main():
    checkout = sys.argv[1]
    cases = [case(show(checkout, f), f.split("/")[-1][len("CMS159FHIR-v0.3.000-"):-len(".json")])
             for f in files(checkout)]
    json.dump({"source": "https://github.com/cqframework/ecqm-content-qicore-2025/tree/main/" + FOLDER,
               "measure": "CMS159FHIR v0.3.000 (CMS159v14 for 2026)", "cases": cases}, sys.stdout, indent=1)


main()
