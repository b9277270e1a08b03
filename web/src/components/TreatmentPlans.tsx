// Treatment plans on the chart: write one from an approved screening (its sessions are proposed
// on the calendar, each with any conflict named), then confirm it to book the sessions.
import { useEffect, useState } from 'preact/hooks';
import { api, problemText, CourseTemplate, Patient, Resource, RotaEntry, Screening, StaffUser, TreatmentPlan } from '../api';
import { addDays, clinicToday, weekdayOf } from '../clinicClock';
import { instrumentName } from '../format';
import { ForecastCard } from './ForecastCard';

const INDICATIONS: Record<string, string> = {
  trd: 'Treatment-resistant depression',
  mdd_with_suicidal_ideation: 'MDD with suicidal ideation',
  bipolar_depression: 'Bipolar depression',
  ptsd: 'PTSD',
  gad: 'Generalised anxiety',
  social_anxiety: 'Social anxiety',
  other: 'Other',
};
const MEASUREMENTS = [
  { instrument: 'phq9', when: 'before_every_session', label: 'PHQ-9 before every session' },
  { instrument: 'gad7', when: 'before_every_session', label: 'GAD-7 before every session' },
  { instrument: 'pcl5', when: 'weekly', label: 'PCL-5 weekly' },
];

// The clinic's next Monday (a week today when today is a Monday).
function nextMonday(): string {
  const today = clinicToday();
  return addDays(today, (8 - weekdayOf(today)) % 7 || 7);
}

function PlanForm({ patient, screening, onDone }: { patient: Patient; screening: Screening; onDone: () => void }) {
  const [courses, setCourses] = useState<CourseTemplate[]>([]);
  const [resources, setResources] = useState<Resource[]>([]);
  const [rota, setRota] = useState<RotaEntry[]>([]);
  const perKg = screening.protocol !== 'esketamine_nasal';
  const [form, setForm] = useState({
    indication: 'trd', course: '', dose: perKg ? '0.5' : '56', concentration: '10', first_date: nextMonday(),
    start_time: '09:00', resource_id: '', nurse: '', measures: ['phq9', 'gad7'],
  });
  const [error, setError] = useState('');
  useEffect(() => {
    Promise.all([api.courseTemplates(), api.resources(), api.rota()]).then(([c, r, staff]) => {
      const mine = c.filter((t) => t.protocol === screening.protocol);
      setCourses(mine);
      setResources(r.filter((x) => x.active));
      setRota(staff.filter((s) => s.role === 'nurse'));
      setForm((f) => ({ ...f, course: mine[0]?.id ?? '', resource_id: r.find((x) => x.kind === 'chair')?.id ?? '' }));
    });
  }, [screening.id]);
  const set = (key: string, value: unknown) => setForm({ ...form, [key]: value });

  const submit = async (event: Event) => {
    event.preventDefault();
    try {
      await api.createPlan(patient.id, {
        screening_id: screening.id, indication: form.indication, protocol: screening.protocol, course: form.course,
        ...(perKg ? { dose_mg_per_kg: Number(form.dose), concentration_mg_per_ml: Number(form.concentration) } : { dose_mg: Number(form.dose) }),
        first_date: form.first_date, start_time: form.start_time, resource_id: form.resource_id,
        staff_ids: form.nurse ? [Number(form.nurse)] : [],
        measurements: MEASUREMENTS.filter((m) => form.measures.includes(m.instrument)).map(({ instrument, when }) => ({ instrument, when })),
      });
      onDone();
    } catch (e) {
      setError(problemText(e));
    }
  };

  return (
    <form class="plan-form" aria-label="New treatment plan" onSubmit={submit}>
      <div class="intake-grid">
        <label>Indication
          <select value={form.indication} onChange={(e) => set('indication', e.currentTarget.value)}>
            {Object.entries(INDICATIONS).map(([id, name]) => <option value={id}>{name}</option>)}
          </select>
        </label>
        <label>Induction course
          <select value={form.course} onChange={(e) => set('course', e.currentTarget.value)}>
            {courses.map((c) => <option value={c.id}>{c.name} ({c.sessions} sessions)</option>)}
          </select>
        </label>
        <label>{perKg ? 'Dose (mg/kg)' : 'Dose (mg)'}
          <input type="number" step="any" value={form.dose} onInput={(e) => set('dose', e.currentTarget.value)} />
        </label>
        {perKg && (
          <label>Concentration (mg/mL)
            <input type="number" step="any" value={form.concentration} onInput={(e) => set('concentration', e.currentTarget.value)} />
          </label>
        )}
        <label>First session
          <input type="date" value={form.first_date} onInput={(e) => set('first_date', e.currentTarget.value)} />
        </label>
        <label>Start time
          <input type="time" value={form.start_time} onInput={(e) => set('start_time', e.currentTarget.value)} />
        </label>
        <label>Chair or room
          <select value={form.resource_id} onChange={(e) => set('resource_id', e.currentTarget.value)}>
            {resources.map((r) => <option value={r.id}>{r.name}</option>)}
          </select>
        </label>
        <label>Nurse
          <select value={form.nurse} onChange={(e) => set('nurse', e.currentTarget.value)}>
            <option value="">Unassigned</option>
            {rota.map((s) => <option value={String(s.staff_id)}>{s.username}</option>)}
          </select>
        </label>
      </div>
      <fieldset>
        <legend>Measurements</legend>
        {MEASUREMENTS.map((m) => (
          <label class="tick" key={m.instrument}>
            <input type="checkbox" checked={form.measures.includes(m.instrument)}
              onChange={(e) => set('measures', e.currentTarget.checked ? [...form.measures, m.instrument] : form.measures.filter((x) => x !== m.instrument))} />
            {m.label}
          </label>
        ))}
      </fieldset>
      {error && <p class="error" role="alert">{error}</p>}
      <button type="submit">Propose sessions</button>
    </form>
  );
}

function PlanView({ plan, user, onChange }: { plan: TreatmentPlan; user: StaffUser; onChange: () => void }) {
  const [detail, setDetail] = useState<TreatmentPlan>(plan);
  const [error, setError] = useState('');
  useEffect(() => {
    api.plan(plan.id).then(setDetail);
  }, [plan.id, plan.version, plan.confirmed_at]);
  const confirm = async () => {
    try {
      setDetail(await api.confirmPlan(plan.id));
      setError('');
      onChange();
    } catch (e) {
      setError(problemText(e));
    }
  };
  const total = detail.plan.induction.reduce((n, p) => n + p.sessions, 0);
  return (
    <article class="plan" aria-label="Treatment plan">
      <p>
        <strong>{INDICATIONS[detail.plan.indication]}</strong>: {detail.plan.protocol.replace(/_/g, ' ')},{' '}
        {detail.plan.dose_mg_per_kg !== null ? `${detail.plan.dose_mg_per_kg} mg/kg` : `${detail.plan.dose_mg} mg`}, {total} sessions{' '}
        <span class="badge" data-testid="plan-status">{detail.confirmed_at ? 'booked' : 'proposed'}</span>{' '}
        <small class="muted">version {detail.version}</small>
      </p>
      <table class="list" aria-label="Plan sessions">
        <thead><tr><th>#</th><th>Date</th><th>Time</th><th>Status</th><th>Conflicts</th></tr></thead>
        <tbody>
          {detail.appointments.map((a) => (
            <tr key={a.id} data-testid="plan-session">
              <td>{a.plan_sequence}</td>
              <td>{a.local_date}</td>
              <td>{a.local_start}–{a.local_end}</td>
              <td>{a.status}</td>
              <td class={a.conflicts?.length ? 'error' : ''}>{a.conflicts?.map((c) => c.message).join('; ') || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {detail.confirmed_at && detail.plan.primary_instrument && (
        <div class="futility">
          <p>
            Futility review after {detail.plan.futility_review_after} session{detail.plan.futility_review_after === 1 ? '' : 's'} without a
            response on {instrumentName(detail.plan.primary_instrument)} (APA consensus, Sanacora 2017).
          </p>
          {user.permissions.includes('read_forecast') && (
            <ForecastCard patientId={detail.patient_id} instrument={detail.plan.primary_instrument} />
          )}
        </div>
      )}
      {error && <p class="error" role="alert">{error}</p>}
      {!detail.confirmed_at && user.permissions.includes('prescribe_doses') && (
        <button type="button" onClick={confirm}>Confirm sessions</button>
      )}
    </article>
  );
}

export function TreatmentPlans({ patient, user, refresh }: { patient: Patient; user: StaffUser; refresh: number }) {
  const [plans, setPlans] = useState<TreatmentPlan[]>([]);
  const [screenings, setScreenings] = useState<Screening[]>([]);
  const [adding, setAdding] = useState(false);
  const load = () =>
    Promise.all([api.plans(patient.id), api.screenings(patient.id)]).then(([p, s]) => {
      setPlans(p);
      setScreenings(s);
    }, () => undefined);
  useEffect(() => {
    load();
  }, [patient.id, refresh]);
  // A course starts from the latest approved screening of its protocol that no plan has used.
  const used = new Set(plans.map((p) => p.plan.screening_id));
  const latest = new Map<string, Screening>();
  for (const s of screenings) if (!latest.has(s.protocol)) latest.set(s.protocol, s);
  const ready = [...latest.values()].find((s) => s.status === 'approved' && !used.has(s.id));

  return (
    <div class="card" aria-label="Treatment plans">
      <div class="page-head">
        <h2>Treatment plans</h2>
        {ready && user.permissions.includes('prescribe_doses') && !adding && (
          <button type="button" class="secondary" onClick={() => setAdding(true)}>New plan</button>
        )}
      </div>
      {adding && ready && <PlanForm patient={patient} screening={ready} onDone={() => { setAdding(false); load(); }} />}
      {plans.length === 0 && !adding && (
        <p class="muted">{ready ? 'No plan yet.' : 'A plan starts from an approved eligibility screening.'}</p>
      )}
      {plans.map((p) => <PlanView key={p.id} plan={p} user={user} onChange={load} />)}
    </div>
  );
}
