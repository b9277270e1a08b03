// The patient record as a form, for registering a patient and for changing one: every field with
// its label, the server's errors beside the fields they name, in the form's words.
import { useState } from 'preact/hooks';
import { ApiError, Demographics, FieldProblem, inWords } from '../api';

export interface PatientFormValues {
  mrn: string;
  given_name: string;
  family_name: string;
  birth_date: string;
  sex_at_birth: string;
  weight_kg: string;
  height_cm: string;
  phone: string;
  email: string;
  contact_name: string;
  contact_relationship: string;
  contact_phone: string;
  diagnoses: { code: string; display: string }[];
}

export const EMPTY_PATIENT: PatientFormValues = {
  mrn: '', given_name: '', family_name: '', birth_date: '', sex_at_birth: '',
  weight_kg: '', height_cm: '', phone: '', email: '',
  contact_name: '', contact_relationship: '', contact_phone: '',
  diagnoses: [{ code: '', display: '' }],
};

// The label each API field has on this form, so messages speak the form's words.
export const PATIENT_LABELS: Record<string, string> = {
  mrn: 'MRN',
  given_name: 'Given name',
  family_name: 'Family name',
  birth_date: 'Birth date',
  sex_at_birth: 'Sex at birth',
  weight_kg: 'Weight (kg)',
  height_cm: 'Height (cm)',
  phone: 'Phone',
  email: 'Email',
  'emergency_contact/name': 'Emergency contact name',
  'emergency_contact/relationship': 'Relationship',
  'emergency_contact/phone': 'Emergency contact phone',
  reason: 'Reason for the change',
};

export function patientFormValues(p: Demographics): PatientFormValues {
  const text = (v: string | number | null) => (v === null ? '' : String(v));
  return {
    mrn: p.mrn, given_name: p.given_name, family_name: p.family_name, birth_date: p.birth_date,
    sex_at_birth: p.sex_at_birth, weight_kg: text(p.weight_kg), height_cm: text(p.height_cm),
    phone: text(p.phone), email: text(p.email),
    contact_name: p.emergency_contact?.name ?? '', contact_relationship: p.emergency_contact?.relationship ?? '',
    contact_phone: p.emergency_contact?.phone ?? '',
    diagnoses: p.diagnoses.length ? p.diagnoses.map((d) => ({ ...d })) : [{ code: '', display: '' }],
  };
}

// Blank optional fields are null (cleared); numbers are sent as typed, so the server judges them.
export function patientRequest(form: PatientFormValues): Demographics {
  const text = (value: string) => (value.trim() === '' ? null : value.trim());
  const number = (value: string) => (value.trim() === '' ? null : Number(value));
  const contact = form.contact_name || form.contact_phone || form.contact_relationship;
  return {
    mrn: form.mrn.trim(),
    given_name: form.given_name.trim(),
    family_name: form.family_name.trim(),
    birth_date: form.birth_date,
    sex_at_birth: form.sex_at_birth,
    weight_kg: number(form.weight_kg),
    height_cm: number(form.height_cm),
    phone: text(form.phone),
    email: text(form.email),
    emergency_contact: contact
      ? { name: form.contact_name.trim(), relationship: form.contact_relationship.trim(), phone: form.contact_phone.trim() }
      : null,
    diagnoses: form.diagnoses.filter((d) => d.code.trim() || d.display.trim()).map((d) => ({ code: d.code.trim().toUpperCase(), display: d.display.trim() })),
  };
}

export function PatientForm({ initial, submitLabel, onSubmit, children }: {
  initial: PatientFormValues;
  submitLabel: string;
  onSubmit: (values: PatientFormValues) => Promise<void>;
  children?: preact.ComponentChildren; // more fields, e.g. the reason for a change
}) {
  const [form, setForm] = useState<PatientFormValues>(initial);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [summary, setSummary] = useState('');
  const [busy, setBusy] = useState(false);

  const set = (field: keyof PatientFormValues) => (event: Event) =>
    setForm({ ...form, [field]: (event.currentTarget as HTMLInputElement).value });
  const setDiagnosis = (index: number, key: 'code' | 'display', value: string) =>
    setForm({ ...form, diagnoses: form.diagnoses.map((d, i) => (i === index ? { ...d, [key]: value } : d)) });
  const messageFor = (field: string) => problems.filter((p) => p.field === field).map((p) => inWords(p, PATIENT_LABELS)).join('; ');

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    try {
      await onSubmit(form);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      setProblems(e.errors);
      const unplaced = e.errors.filter((p) => !(p.field in PATIENT_LABELS) && !p.field.startsWith('diagnoses/'));
      setSummary(
        e.errors.length
          ? `Please correct ${e.errors.length === 1 ? 'the field' : `${e.errors.length} fields`} marked below.` +
              unplaced.map((p) => ' ' + inWords(p, PATIENT_LABELS)).join('')
          : e.detail || e.title,
      );
    } finally {
      setBusy(false);
    }
  };

  const field = (name: keyof PatientFormValues & string, props: Record<string, unknown> = {}) => (
    <label class={messageFor(apiField(name)) ? 'invalid' : ''}>
      {PATIENT_LABELS[apiField(name)]}
      <input name={name} value={form[name] as string} onInput={set(name)} aria-invalid={!!messageFor(apiField(name))} {...props} />
      <FieldMessage text={messageFor(apiField(name))} />
    </label>
  );

  return (
    <form class="card form" onSubmit={submit} noValidate>
      {summary && <p class="error" role="alert">{summary}</p>}
      <fieldset>
        <legend>Identity</legend>
        {field('mrn')}
        {field('given_name')}
        {field('family_name')}
        {field('birth_date', { type: 'date' })}
        <label class={messageFor('sex_at_birth') ? 'invalid' : ''}>
          {PATIENT_LABELS.sex_at_birth}
          <select name="sex_at_birth" value={form.sex_at_birth} onChange={set('sex_at_birth')}>
            <option value="">Choose…</option>
            <option value="female">Female</option>
            <option value="male">Male</option>
            <option value="intersex">Intersex</option>
            <option value="unknown">Unknown</option>
          </select>
          <FieldMessage text={messageFor('sex_at_birth')} />
        </label>
      </fieldset>
      <fieldset>
        <legend>Measurements</legend>
        {field('weight_kg', { type: 'number', step: '0.1', inputMode: 'decimal' })}
        {field('height_cm', { type: 'number', step: '0.1', inputMode: 'decimal' })}
      </fieldset>
      <fieldset>
        <legend>Contact</legend>
        {field('phone', { type: 'tel' })}
        {field('email', { type: 'email' })}
        {field('contact_name')}
        {field('contact_relationship')}
        {field('contact_phone', { type: 'tel' })}
      </fieldset>
      <fieldset>
        <legend>Diagnoses (ICD-10)</legend>
        {form.diagnoses.map((d, i) => (
          <div class="row" key={i}>
            <label class={messageFor(`diagnoses/${i}/code`) ? 'invalid' : ''}>
              Code
              <input name={`diagnosis_code_${i}`} value={d.code} placeholder="F33.2"
                onInput={(e) => setDiagnosis(i, 'code', e.currentTarget.value)} />
              <FieldMessage text={messageFor(`diagnoses/${i}/code`)} />
            </label>
            <label class={`grow ${messageFor(`diagnoses/${i}/display`) ? 'invalid' : ''}`}>
              Description
              <input name={`diagnosis_display_${i}`} value={d.display}
                onInput={(e) => setDiagnosis(i, 'display', e.currentTarget.value)} />
              <FieldMessage text={messageFor(`diagnoses/${i}/display`)} />
            </label>
          </div>
        ))}
        <button type="button" class="secondary" onClick={() => setForm({ ...form, diagnoses: [...form.diagnoses, { code: '', display: '' }] })}>
          Add a diagnosis
        </button>
      </fieldset>
      {children}
      <button type="submit" disabled={busy}>{busy ? 'Saving…' : submitLabel}</button>
    </form>
  );
}

// The form's names for the emergency contact map to the API's nested field names.
function apiField(name: string): string {
  const nested: Record<string, string> = {
    contact_name: 'emergency_contact/name',
    contact_relationship: 'emergency_contact/relationship',
    contact_phone: 'emergency_contact/phone',
  };
  return nested[name] ?? name;
}

function FieldMessage({ text }: { text: string }) {
  return text ? <span class="field-error" role="alert">{text}</span> : null;
}
