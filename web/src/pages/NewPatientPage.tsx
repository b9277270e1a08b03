import { useState } from 'preact/hooks';
import { api, ApiError, Demographics, FieldProblem } from '../api';
import { linkHandler, navigate } from '../router';

interface Form {
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

const EMPTY: Form = {
  mrn: '', given_name: '', family_name: '', birth_date: '', sex_at_birth: '',
  weight_kg: '', height_cm: '', phone: '', email: '',
  contact_name: '', contact_relationship: '', contact_phone: '',
  diagnoses: [{ code: '', display: '' }],
};

// Blank optional fields are left out; numbers are sent as typed, so the server judges them.
function toRequest(form: Form): Partial<Demographics> {
  const text = (value: string) => (value.trim() === '' ? undefined : value.trim());
  const number = (value: string) => (value.trim() === '' ? undefined : Number(value));
  const contact = form.contact_name || form.contact_phone || form.contact_relationship;
  return {
    mrn: form.mrn.trim(),
    given_name: form.given_name.trim(),
    family_name: form.family_name.trim(),
    birth_date: form.birth_date,
    sex_at_birth: form.sex_at_birth || undefined,
    weight_kg: number(form.weight_kg),
    height_cm: number(form.height_cm),
    phone: text(form.phone),
    email: text(form.email),
    emergency_contact: contact
      ? { name: form.contact_name.trim(), relationship: form.contact_relationship.trim(), phone: form.contact_phone.trim() }
      : undefined,
    diagnoses: form.diagnoses.filter((d) => d.code.trim() || d.display.trim()).map((d) => ({ code: d.code.trim().toUpperCase(), display: d.display.trim() })),
  };
}

export function NewPatientPage() {
  const [form, setForm] = useState<Form>(EMPTY);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [summary, setSummary] = useState('');
  const [busy, setBusy] = useState(false);

  const set = (field: keyof Form) => (event: Event) =>
    setForm({ ...form, [field]: (event.currentTarget as HTMLInputElement).value });
  const setDiagnosis = (index: number, key: 'code' | 'display', value: string) =>
    setForm({ ...form, diagnoses: form.diagnoses.map((d, i) => (i === index ? { ...d, [key]: value } : d)) });
  const messageFor = (field: string) => problems.filter((p) => p.field === field).map((p) => p.message).join('; ');

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    try {
      const patient = await api.createPatient(toRequest(form));
      navigate(`/patients/${patient.id}`);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      setProblems(e.errors);
      setSummary(e.errors.length ? `Please correct ${e.errors.length === 1 ? 'the field' : `${e.errors.length} fields`} marked below.` : e.detail);
    } finally {
      setBusy(false);
    }
  };

  const field = (name: keyof Form & string, label: string, props: Record<string, unknown> = {}) => (
    <label class={messageFor(apiField(name)) ? 'invalid' : ''}>
      {label}
      <input name={name} value={form[name] as string} onInput={set(name)} aria-invalid={!!messageFor(apiField(name))} {...props} />
      <FieldMessage text={messageFor(apiField(name))} />
    </label>
  );

  return (
    <section>
      <div class="page-head">
        <h1>New patient</h1>
        <a href="/patients" onClick={linkHandler('/patients')}>Cancel</a>
      </div>
      <form class="card form" onSubmit={submit} noValidate>
        {summary && <p class="error" role="alert">{summary}</p>}
        <fieldset>
          <legend>Identity</legend>
          {field('mrn', 'MRN')}
          {field('given_name', 'Given name')}
          {field('family_name', 'Family name')}
          {field('birth_date', 'Birth date', { type: 'date' })}
          <label class={messageFor('sex_at_birth') ? 'invalid' : ''}>
            Sex at birth
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
          {field('weight_kg', 'Weight (kg)', { type: 'number', step: '0.1', inputMode: 'decimal' })}
          {field('height_cm', 'Height (cm)', { type: 'number', step: '0.1', inputMode: 'decimal' })}
        </fieldset>
        <fieldset>
          <legend>Contact</legend>
          {field('phone', 'Phone', { type: 'tel' })}
          {field('email', 'Email', { type: 'email' })}
          {field('contact_name', 'Emergency contact name')}
          {field('contact_relationship', 'Relationship')}
          {field('contact_phone', 'Emergency contact phone', { type: 'tel' })}
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
        <button type="submit" disabled={busy}>{busy ? 'Saving…' : 'Register patient'}</button>
      </form>
    </section>
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
