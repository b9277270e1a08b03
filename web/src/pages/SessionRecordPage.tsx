// One treatment session's whole record, read-only: the dose and how it was given, the vitals with
// the predicted concentration beside them, every alarm with who acknowledged it and what they did,
// the checklists, each change of phase with its reason, the chair's records, and the REMS form.
import { useEffect, useState } from 'preact/hooks';
import { api, ChecklistState, MonitoringForm, problemText, SessionEvent, TreatmentSession } from '../api';
import { PredictionChart } from '../components/PredictionChart';
import { VitalsChart } from '../components/VitalsChart';
import { formatTime, fullName, phaseLabel } from '../format';
import { linkHandler } from '../router';
import { monitoringFormPath } from '../components/TreatmentSessions';

// One line saying what a chair record holds, in words.
function eventSummary(event: SessionEvent): string {
  const r = (event.record ?? {}) as Record<string, unknown>;
  switch (event.kind) {
    case 'sedation':
      return `Sedation: MOAA/S ${r.moaas}`;
    case 'adverse_event':
      return `Adverse event: ${String(r.type).replace('_', ' ')}, ${r.severity}${r.serious ? ', SERIOUS' : ''}` +
        `${r.description ? ` — ${r.description}` : ''}${r.interventions ? ` (done: ${r.interventions})` : ''}`;
    case 'controlled_substance':
      return `Controlled substance: ${r.dispensed_mg} mg dispensed, ${r.administered_mg} mg given, ${r.wasted_mg} mg wasted` +
        `, lot ${r.lot_number}${r.witness ? `, witness ${r.witness}` : ''}`;
    case 'monitoring_form':
      return 'REMS monitoring form answers saved';
    case 'monitoring_form_submitted':
      return 'REMS monitoring form marked sent';
    case 'ready_to_leave':
      return `Would have been ready to leave at ${formatTime(String(r.ready_at))}`;
    default:
      return event.kind;
  }
}

function Checklist({ title, items }: { title: string; items: ChecklistState[] }) {
  return (
    <div>
      <h3>{title}</h3>
      <ul class="checklist-record">
        {items.map((item) => (
          <li key={item.id} class={item.confirmed ? '' : 'missing'}>
            {item.confirmed ? '✓' : '✗'} {item.label}
            <span class="muted"> {item.by ? `· ${item.by}, ${formatTime(item.at!)}` : '· not confirmed'}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function SessionRecordPage({ patientId, sessionId }: { patientId: string; sessionId: string }) {
  const [session, setSession] = useState<TreatmentSession | null>(null);
  const [form, setForm] = useState<MonitoringForm | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    api.session(sessionId).then(setSession, (e) => setError(problemText(e)));
    api.monitoringForm(sessionId).then(setForm, () => setForm(null)); // 404: the protocol has none
  }, [sessionId]);

  if (error) return <p class="error" role="alert">{error}</p>;
  if (!session) return <p class="loading">Loading…</p>;
  const chart = `/patients/${encodeURIComponent(patientId)}`;
  const ended = (session.transitions ?? []).filter((t) => t.to === 'discharged' || t.to === 'aborted').pop();
  const dose = session.dose;
  return (
    <section>
      <p>
        <a href={chart} onClick={linkHandler(chart)}>
          ← Chart{session.patient && ` of ${fullName(session.patient)}`}
        </a>
      </p>
      <div class="page-head">
        <h1>Treatment session, {formatTime(session.scheduled_at)}</h1>
        {session.patient && <span class="badge">MRN {session.patient.mrn}</span>}
      </div>
      <div class="columns">
        <div class="card">
          <h2>Session</h2>
          <dl>
            <dt>Protocol</dt>
            <dd>{session.protocol_name ?? session.protocol}</dd>
            <dt>Chair</dt>
            <dd>{session.chair}</dd>
            <dt>Phase</dt>
            <dd data-testid="record-phase">{phaseLabel(session.phase)}</dd>
            <dt>First dose</dt>
            <dd>{session.dosing_started_at ? formatTime(session.dosing_started_at) : '—'}</dd>
            <dt>Ended</dt>
            <dd>{ended ? `${formatTime(ended.at)} (${phaseLabel(ended.to).toLowerCase()} by ${ended.by})` : '—'}</dd>
          </dl>
        </div>
        <div class="card">
          <h2>Dose</h2>
          <dl>
            <dt>Prescribed</dt>
            <dd>
              {dose.dose_mg} mg{dose.mg_per_kg !== null && ` (${dose.mg_per_kg} mg/kg × ${dose.weight_kg} kg)`}
            </dd>
            {dose.volume_ml !== null && (
              <>
                <dt>Volume</dt>
                <dd>{dose.volume_ml} mL</dd>
              </>
            )}
            {dose.infusion_minutes !== null && (
              <>
                <dt>Infusion</dt>
                <dd>
                  {dose.infusion_minutes} min{dose.pump_rate_ml_per_h !== null && ` at ${dose.pump_rate_ml_per_h} mL/h`}
                </dd>
              </>
            )}
            {dose.devices !== null && (
              <>
                <dt>Devices</dt>
                <dd>{dose.devices}</dd>
              </>
            )}
            <dt>Lot</dt>
            <dd>{session.lot_number || '—'}</dd>
          </dl>
          {dose.notes.map((n) => (
            <p class="muted" key={n}>
              {n}
            </p>
          ))}
        </div>
      </div>
      <div class="card">
        <h2>Vital signs and predicted concentration</h2>
        <div class="columns">
          <VitalsChart readings={session.vitals ?? []} />
          <PredictionChart sessionId={session.id} now={ended ? Date.parse(ended.at) : Date.now()} />
        </div>
      </div>
      <div class="card">
        <h2>Alarms</h2>
        {(session.alarms ?? []).length === 0 ? (
          <p class="muted">No alarms.</p>
        ) : (
          <table class="list" aria-label="Alarms">
            <thead>
              <tr>
                <th scope="col">Raised</th>
                <th scope="col">Severity</th>
                <th scope="col">Alarm</th>
                <th scope="col">Acknowledged</th>
                <th scope="col">What was done</th>
              </tr>
            </thead>
            <tbody>
              {session.alarms!.map((a) => (
                <tr key={a.id} class={`alarm-${a.severity}`}>
                  <td>{formatTime(a.raised_at)}</td>
                  <td>{a.severity}</td>
                  <td>{a.message}</td>
                  <td>{a.acknowledged_by ? `${a.acknowledged_by}, ${formatTime(a.acknowledged_at!)}` : 'NOT ACKNOWLEDGED'}</td>
                  <td>{a.action}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <div class="card columns">
        {session.pre_checks && <Checklist title="Pre-dose checks" items={session.pre_checks} />}
        {session.discharge_checklist && <Checklist title="Discharge checklist" items={session.discharge_checklist} />}
      </div>
      <div class="card">
        <h2>Phases</h2>
        <table class="list" aria-label="Phases">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Change</th>
              <th scope="col">By</th>
              <th scope="col">Reason</th>
            </tr>
          </thead>
          <tbody>
            {(session.transitions ?? []).map((t, i) => (
              <tr key={i}>
                <td>{formatTime(t.at)}</td>
                <td>
                  {phaseLabel(t.from)} → {phaseLabel(t.to)}
                  {t.override_minimum && <strong> (minimum time overridden)</strong>}
                  {t.dose_given_mg !== null && <strong> (ended early: {t.dose_given_mg} mg given)</strong>}
                </td>
                <td>{t.by}</td>
                <td>{t.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div class="card">
        <h2>Chair records</h2>
        {(session.events ?? []).length === 0 ? (
          <p class="muted">Nothing recorded at the chair.</p>
        ) : (
          <ul aria-label="Chair records">
            {session.events!.map((e) => (
              <li key={e.id}>
                {formatTime(e.at)} · {eventSummary(e)} <span class="muted">· {e.by}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
      {form && (
        <div class="card">
          <h2>SPRAVATO REMS monitoring form</h2>
          <p data-testid="rems-status">
            {form.submitted_at
              ? `Marked sent ${formatTime(form.submitted_at)}`
              : form.complete
                ? 'Complete, not yet marked sent'
                : `${form.missing.length} items missing`}
          </p>
          <a href={monitoringFormPath(sessionId)} onClick={linkHandler(monitoringFormPath(sessionId))}>
            Open the form
          </a>
        </div>
      )}
    </section>
  );
}
