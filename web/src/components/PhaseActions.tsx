// The buttons that move a session on, and the questions some moves must answer first: why a
// session is paused or aborted; why an infusion ends before its planned end and how much was
// actually given; and a prescriber's reason to discharge before the protocol's minimum monitoring
// time. The server decides; a refusal is shown on the chair in its words.
import { useState } from 'preact/hooks';
import { api, ApiError, problemText, TreatmentSession } from '../api';

const PHASE_LABELS: Record<string, string> = {
  checked_in: 'Check in',
  ready: 'Ready',
  dosing: 'Start dosing',
  paused: 'Pause',
  recovery: 'Recovery',
  discharged: 'Discharge',
  aborted: 'Abort',
};

type Question = 'paused' | 'aborted' | 'early_end' | 'override';

const QUESTIONS: Record<Question, { title: string; reason: string; confirm: string }> = {
  paused: { title: 'Pause the session', reason: 'Why is it paused?', confirm: 'Pause' },
  aborted: { title: 'Abort the session', reason: 'Why is it aborted?', confirm: 'Abort session' },
  early_end: { title: 'End the infusion early', reason: 'Why does it end early?', confirm: 'End infusion, start recovery' },
  override: {
    title: 'Override the minimum monitoring time',
    reason: 'Why may the patient leave early?',
    confirm: 'Discharge now (prescriber override)',
  },
};

// When the infusion was planned to end, as far as this screen knows (the server adds paused time).
export function plannedInfusionEnd(session: TreatmentSession): number | null {
  if (!session.dosing_started_at || session.dose.infusion_minutes === null) return null;
  return Date.parse(session.dosing_started_at) + session.dose.infusion_minutes * 60_000;
}

function minimumMonitoringLeft(session: TreatmentSession, now: number): number {
  const ends = session.minimum_monitoring?.ends_at;
  return ends ? Math.max(0, Math.ceil((Date.parse(ends) - now) / 60_000)) : 0;
}

export function PhaseActions({ session, isPrescriber, now, onMoved }: {
  session: TreatmentSession;
  isPrescriber: boolean;
  now: number;
  onMoved: () => void;
}) {
  const [question, setQuestion] = useState<Question | null>(null);
  const [reason, setReason] = useState('');
  const [doseGiven, setDoseGiven] = useState('');
  const [error, setError] = useState('');

  const ask = (q: Question | null) => {
    setQuestion(q);
    setReason('');
    setDoseGiven('');
    setError('');
  };

  const move = async (to: string, extra: { reason?: string; override_minimum?: boolean; dose_given_mg?: number } = {}) => {
    try {
      await api.moveSession(session.id, to, extra);
      ask(null);
      onMoved();
    } catch (e) {
      // The server knows of a pause this screen did not count: ask the early-end questions.
      if (e instanceof ApiError && e.errors.some((p) => p.rule.startsWith('early_end'))) setQuestion('early_end');
      setError(problemText(e));
    }
  };

  const start = (to: string) => {
    if (to === 'paused' || to === 'aborted') return ask(to);
    const plannedEnd = plannedInfusionEnd(session);
    if (to === 'recovery' && plannedEnd !== null && now < plannedEnd) return ask('early_end');
    return move(to);
  };

  const confirm = (event: Event) => {
    event.preventDefault();
    if (question === 'early_end') {
      const mg = doseGiven.trim() === '' ? undefined : Number(doseGiven);
      return move('recovery', { reason, dose_given_mg: mg });
    }
    if (question === 'override') return move('discharged', { reason, override_minimum: true });
    return move(question!, { reason });
  };

  const left = session.phase === 'recovery' ? minimumMonitoringLeft(session, now) : 0;
  const plannedEnd = plannedInfusionEnd(session);
  const chair = session.chair;
  return (
    <div class="phase-actions">
      <div class="phase-buttons">
        {session.next_phases.map((to) => (
          <button type="button" class={to === 'aborted' ? 'danger' : ''} onClick={() => start(to)} key={to}>
            {PHASE_LABELS[to] ?? to}
          </button>
        ))}
        {left > 0 && isPrescriber && (
          <button type="button" onClick={() => ask('override')}>
            Override minimum time…
          </button>
        )}
      </div>
      {left > 0 && (
        <p class="muted" data-testid="minimum-left">
          {left} min of the protocol's minimum monitoring left
          {session.minimum_monitoring?.regulatory ? ' (required by the label)' : ' (clinic default)'}
          {isPrescriber ? '' : '; only a prescriber may override it'}.
        </p>
      )}
      {question && (
        <form class="phase-question" aria-label={`${QUESTIONS[question].title} (${chair})`} onSubmit={confirm}>
          <h3>{QUESTIONS[question].title}</h3>
          {question === 'early_end' && plannedEnd !== null && (
            <p class="muted">
              Planned: {session.dose.dose_mg} mg over {session.dose.infusion_minutes} min,
              {' '}{Math.max(0, Math.ceil((plannedEnd - now) / 60_000))} min still to run.
            </p>
          )}
          <label>
            {QUESTIONS[question].reason}
            <input required value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
          </label>
          {question === 'early_end' && (
            <label>
              Dose actually given (mg)
              <input
                type="number"
                required
                min="0"
                max={session.dose.dose_mg}
                step="any"
                value={doseGiven}
                onInput={(e) => setDoseGiven(e.currentTarget.value)}
              />
            </label>
          )}
          <div class="phase-buttons">
            <button type="submit" class={question === 'aborted' ? 'danger' : ''}>
              {QUESTIONS[question].confirm}
            </button>
            <button type="button" onClick={() => ask(null)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {error && (
        <p class="field-error" role="status">
          {error}
        </p>
      )}
    </div>
  );
}
