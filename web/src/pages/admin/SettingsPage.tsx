// The clinic's settings an admin changes without touching a file: the time zone the calendar and
// the REMS form use, the crisis text a patient sees when they endorse a suicidality item, and the
// instructions e-mailed before each kind of appointment. The server checks the whole form and
// stores all of it or none of it; each refused field says why beside it.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, ClinicSettings, FieldProblem, humanField, problemText, StaffUser } from '../../api';
import { AdminNav } from './AdminNav';
import { setClinicTimeZone } from '../../clinicClock';

// The zones this browser knows, to pick from; the server decides what is valid.
const ZONES: string[] = (Intl as unknown as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];

// The server's words for the fields named, beside them.
function FieldMessage({ problems, fields }: { problems: FieldProblem[]; fields: string[] }) {
  const mine = problems.filter((p) => fields.includes(p.field));
  return mine.length ? <span class="field-error">{mine.map((p) => p.message).join('; ')}</span> : null;
}

export function SettingsPage({ user }: { user: StaffUser }) {
  const [saved, setSaved] = useState<ClinicSettings | null>(null);
  const [form, setForm] = useState<ClinicSettings | null>(null);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');
  const show = (settings: ClinicSettings) => {
    setSaved(settings);
    setForm(settings);
  };
  useEffect(() => {
    api.settings().then(show, (e) => setError(problemText(e)));
  }, []);
  if (!form || !saved) {
    return (
      <section>
        <AdminNav user={user} current="/admin/settings" />
        <h1>Clinic settings</h1>
        {error ? <p class="error" role="alert">{error}</p> : <p>Loading…</p>}
      </section>
    );
  }

  const labels: Record<string, string> = { time_zone: 'Time zone', crisis_text: 'Crisis text' };
  form.instructions.forEach((i, n) => {
    labels[`instructions/${n}/text`] = `Instruction “${humanField(i.id)}”`;
    labels[`instructions/${n}/send_hours_before`] = `Hours before, “${humanField(i.id)}”`;
    labels[`instructions/${n}/id`] = `Instruction “${humanField(i.id)}”`;
  });
  const invalid = (field: string) => problems.some((p) => p.field === field);
  const setInstruction = (n: number, change: Partial<{ text: string; send_hours_before: number }>) =>
    setForm({ ...form, instructions: form.instructions.map((i, k) => (k === n ? { ...i, ...change } : i)) });

  const save = async (event: Event) => {
    event.preventDefault();
    try {
      const next = await api.saveSettings({
        time_zone: form.time_zone,
        crisis_text: form.crisis_text,
        instructions: form.instructions.map(({ id, text, send_hours_before }) => ({ id, text, send_hours_before })),
      });
      const zoneChanged = next.time_zone !== saved.time_zone;
      setClinicTimeZone(next.time_zone);
      show(next);
      setProblems([]);
      setError('');
      setMessage(
        'Settings saved. New bookings and links use them from now on; messages already queued keep their text.' +
          (zoneChanged ? ` Appointments keep their moment in time and now show on ${next.time_zone} clocks.` : ''),
      );
    } catch (e) {
      setMessage('');
      if (e instanceof ApiError && e.errors.length) {
        setProblems(e.errors);
        setError('Nothing was saved: ' + e.errors.map((p) => `${labels[p.field] ?? humanField(p.field)}: ${p.message}`).join('; '));
      } else {
        setError(problemText(e));
      }
    }
  };

  const { limits } = form;
  return (
    <section>
      <AdminNav user={user} current="/admin/settings" />
      <h1>Clinic settings</h1>
      {message && <p role="status" class="notice">{message}</p>}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <form class="form settings" onSubmit={save}>
        <div class="card">
          <h2>Time zone</h2>
          <label class={invalid('time_zone') ? 'invalid' : ''}>
            Clinic time zone (an IANA name, e.g. America/New_York)
            <input
              name="time_zone"
              list="time-zones"
              value={form.time_zone}
              aria-invalid={invalid('time_zone')}
              onInput={(e) => setForm({ ...form, time_zone: e.currentTarget.value })}
            />
            <FieldMessage problems={problems} fields={['time_zone']} />
          </label>
          <datalist id="time-zones">
            {ZONES.map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
          <p class="muted">
            Opening hours, working hours, the calendar, reminders and the REMS form read clock times in this zone. Appointments keep
            their moment in time when it changes.
          </p>
        </div>
        <div class="card">
          <h2>Crisis text</h2>
          <label class={invalid('crisis_text') ? 'invalid' : ''}>
            Shown to a patient at once when they answer a suicidality question, and at the end of every e-mailed questionnaire link
            <textarea
              name="crisis_text"
              rows={4}
              value={form.crisis_text}
              aria-invalid={invalid('crisis_text')}
              onInput={(e) => setForm({ ...form, crisis_text: e.currentTarget.value })}
            />
            <span class="muted">
              {[...form.crisis_text].length} of {limits.crisis_text_characters} characters
            </span>
            <FieldMessage problems={problems} fields={['crisis_text']} />
          </label>
        </div>
        <div class="card">
          <h2>Patient instructions</h2>
          <p class="muted">E-mailed to the patient the given number of hours before each appointment of the types named.</p>
          {form.instructions.map((i, n) => (
            <fieldset key={i.id} class="instruction">
              <legend>
                {humanField(i.id)}{' '}
                <span class="muted">
                  {i.sent_before.length ? `sent before: ${i.sent_before.join(', ')}` : 'not sent before any appointment type'}
                </span>
              </legend>
              <label class={`grow ${invalid(`instructions/${n}/text`) ? 'invalid' : ''}`}>
                Text
                <textarea
                  rows={2}
                  value={i.text}
                  aria-invalid={invalid(`instructions/${n}/text`)}
                  onInput={(e) => setInstruction(n, { text: e.currentTarget.value })}
                />
                <FieldMessage problems={problems} fields={[`instructions/${n}/text`, `instructions/${n}/id`, `instructions/${n}`]} />
              </label>
              <label class={invalid(`instructions/${n}/send_hours_before`) ? 'invalid' : ''}>
                Hours before
                <input
                  type="number"
                  min={1}
                  max={limits.send_hours_before}
                  value={i.send_hours_before}
                  aria-invalid={invalid(`instructions/${n}/send_hours_before`)}
                  onInput={(e) => setInstruction(n, { send_hours_before: Number(e.currentTarget.value) })}
                />
                <FieldMessage problems={problems} fields={[`instructions/${n}/send_hours_before`]} />
              </label>
              {i.source && <p class="muted source">Source: {i.source}</p>}
            </fieldset>
          ))}
        </div>
        <button type="submit">Save settings</button>
      </form>
    </section>
  );
}
