// One chair at the nurse station: who is in it, the phase and its clock, the latest vitals, the
// vitals chart, alarms that cannot be missed (acknowledged with what was done), and the buttons
// that move the session on.
import { useState } from 'preact/hooks';
import { api, problemText, SessionAlarm, TreatmentSession, VitalReading } from '../api';
import { formatTime } from '../format';
import { ChairChecklist } from './ChairChecklist';
import { ChairRecords } from './ChairRecords';
import { ManualVitals } from './ManualVitals';
import { PhaseActions } from './PhaseActions';
import { PredictionChart } from './PredictionChart';
import { VitalsChart } from './VitalsChart';

const SHOWN_VITALS: [string, string][] = [
  ['sbp', 'SBP'],
  ['dbp', 'DBP'],
  ['hr', 'HR'],
  ['spo2', 'SpO₂'],
  ['rr', 'RR'],
];

function minutesSince(iso: string, now: number) {
  return Math.floor((now - Date.parse(iso)) / 60000);
}

// The protocol's schedule: when the next blood pressure is due, from the last one.
function vitalsDue(session: TreatmentSession, now: number) {
  const last = session.latest_vitals['sbp'];
  const every = session.vitals_every_minutes!;
  if (!last) return `BP due now (every ${every} min)`;
  const due = Date.parse(last.at) + every * 60000;
  return due <= now
    ? `BP OVERDUE since ${Math.floor((now - due) / 60000)} min (every ${every} min)`
    : `next BP in ${Math.ceil((due - now) / 60000)} min (every ${every} min)`;
}

function AlarmRow({ session, alarm, canRun, onDone }: {
  session: TreatmentSession;
  alarm: SessionAlarm;
  canRun: boolean;
  onDone: () => void;
}) {
  const [action, setAction] = useState('');
  const [error, setError] = useState('');
  const acknowledged = alarm.status === 'acknowledged';
  const submit = async (event: Event) => {
    event.preventDefault();
    try {
      await api.acknowledgeAlarm(session.id, alarm.id, action);
      setError('');
      onDone();
    } catch (e) {
      setError(problemText(e));
    }
  };
  return (
    <li class={`alarm alarm-${alarm.severity} ${acknowledged ? 'alarm-acknowledged' : ''}`} role={acknowledged ? undefined : 'alert'}>
      <strong>{alarm.severity.toUpperCase()}</strong> {alarm.message}
      <span class="muted"> · raised {formatTime(alarm.raised_at)}</span>
      {alarm.status === 'resolved_unacknowledged' && <span class="muted"> · value back in range</span>}
      {acknowledged && (
        <span class="muted">
          {' '}
          · acknowledged by {alarm.acknowledged_by}: {alarm.action}
        </span>
      )}
      {!acknowledged && canRun && (
        <form class="inline-form" onSubmit={submit}>
          <input
            aria-label={`What was done about ${alarm.message}`}
            placeholder="What was done"
            value={action}
            onInput={(e) => setAction(e.currentTarget.value)}
          />
          <button type="submit">Acknowledge</button>
        </form>
      )}
      {error && <p class="field-error">{error}</p>}
    </li>
  );
}

export function ChairCard({ session, readings, canRun, isPrescriber, now, onChanged }: {
  session: TreatmentSession;
  readings: VitalReading[];
  canRun: boolean;
  isPrescriber: boolean;
  now: number;
  onChanged: () => void;
}) {
  const [error, setError] = useState('');
  const critical = session.open_alarms.some((a) => a.severity === 'critical' && a.status !== 'acknowledged');
  const patient = session.patient ? `${session.patient.family_name}, ${session.patient.given_name}` : session.patient_id;

  // A successful change clears the last refusal shown on this chair.
  const changed = () => {
    setError('');
    onChanged();
  };

  return (
    <article class={`chair card ${critical ? 'chair-critical' : ''}`} aria-label={`${session.chair}: ${patient}`}>
      <header class="chair-head">
        <h2>{session.chair}</h2>
        <span class={`phase phase-${session.phase}`} data-testid="phase">
          {session.phase.replace('_', ' ')}
        </span>
      </header>
      <p>
        <strong>{patient}</strong> {session.patient && <span class="muted">MRN {session.patient.mrn}</span>}
        <br />
        {session.protocol_name} · {session.dose.dose_mg} mg
        {session.dose.pump_rate_ml_per_h !== null && ` · pump ${session.dose.pump_rate_ml_per_h} mL/h`}
        {session.dose.devices !== null && ` · ${session.dose.devices} devices`}
      </p>
      {session.dose.notes
        .filter((note) => note.startsWith('Weight older than'))
        .map((note) => (
          <p class="warning" key={note}>
            {note}
          </p>
        ))}
      {session.dosing_started_at && (
        <p class="clock">
          {minutesSince(session.dosing_started_at, now)} min since first dose
          {session.minimum_monitoring?.ends_at &&
            (Date.parse(session.minimum_monitoring.ends_at) > now
              ? ` · ${Math.ceil((Date.parse(session.minimum_monitoring.ends_at) - now) / 60000)} min of monitoring left`
              : ' · minimum monitoring done')}
        </p>
      )}
      {session.vitals_every_minutes !== null && !['scheduled', 'discharged', 'aborted'].includes(session.phase) && (
        <p class="muted" data-testid="vitals-due">
          {vitalsDue(session, now)}
        </p>
      )}
      {session.open_alarms.length > 0 && (
        <ul class="alarms" aria-label={`Alarms for ${session.chair}`}>
          {session.open_alarms.map((alarm) => (
            <AlarmRow key={alarm.id} session={session} alarm={alarm} canRun={canRun} onDone={onChanged} />
          ))}
        </ul>
      )}
      <dl class="vitals">
        {SHOWN_VITALS.map(([kind, label]) => {
          const latest = session.latest_vitals[kind];
          return (
            <div class={latest?.abnormal ? 'abnormal' : ''} key={kind}>
              <dt>{label}</dt>
              <dd data-testid={`vital-${kind}`}>{latest ? latest.value : '–'}</dd>
            </div>
          );
        })}
      </dl>
      {canRun && session.phase === 'checked_in' && session.pre_checks && (
        <ChairChecklist session={session} list="pre_checks" items={session.pre_checks} onChanged={changed} onError={setError} />
      )}
      {canRun && session.phase === 'recovery' && session.discharge_checklist && (
        <ChairChecklist
          session={session}
          list="discharge"
          items={session.discharge_checklist}
          onChanged={changed}
          onError={setError}
        />
      )}
      {canRun && <ManualVitals session={session} onRecorded={changed} />}
      <VitalsChart readings={readings} />
      <PredictionChart sessionId={session.id} now={now} />
      {canRun && <ChairRecords session={session} onRecorded={onChanged} />}
      {canRun && session.next_phases.length > 0 && (
        <PhaseActions session={session} isPrescriber={isPrescriber} now={now} onMoved={changed} />
      )}
      {error && (
        <p class="field-error" role="status">
          {error}
        </p>
      )}
    </article>
  );
}
