// The page a patient opens from a self-report link: no sign-in, only the questionnaires, large
// touch targets, and the clinic's crisis text as soon as a suicidality item is endorsed.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, InstrumentDefinition, InstrumentItem, optionsOf } from '../api';

type Responses = Record<string, Record<string, number>>;

function isAsked(item: InstrumentItem, answers: Record<string, number>): boolean {
  return !item.asked_if || answers[item.asked_if.item] === item.asked_if.equals;
}

function unanswered(definition: InstrumentDefinition, answers: Record<string, number>): InstrumentItem[] {
  return definition.items.filter((i) => i.scored !== false && isAsked(i, answers) && answers[i.id] === undefined);
}

function raisesFlag(definition: InstrumentDefinition, item: string, answers: Record<string, number>): boolean {
  return (definition.flags ?? []).some((f) => f.item === item && (answers[item] ?? 0) >= f.at_least);
}

function endorsesFlag(definitions: InstrumentDefinition[], responses: Responses): boolean {
  return definitions.some((d) => d.items.some((i) => raisesFlag(d, i.id, responses[d.id] ?? {})));
}

export function QuestionnairePage({ token }: { token: string }) {
  const [definitions, setDefinitions] = useState<InstrumentDefinition[] | null>(null);
  const [crisisText, setCrisisText] = useState('');
  const [responses, setResponses] = useState<Responses>({});
  const [state, setState] = useState<'answering' | 'sending' | 'done' | 'unavailable'>('answering');
  const [message, setMessage] = useState('');

  useEffect(() => {
    api.openLink(token).then(
      (link) => {
        setDefinitions(link.instruments);
        setCrisisText(link.crisis_text);
      },
      (e) => {
        setState('unavailable');
        setMessage(e instanceof ApiError ? e.detail : 'The questionnaire could not be loaded.');
      },
    );
  }, [token]);

  if (state === 'unavailable') return <main class="patient-page"><section class="card"><h1>Questionnaire</h1><p>{message}</p></section></main>;
  if (!definitions) return <p class="loading">Loading…</p>;

  const answer = (instrument: string, item: string, score: number) =>
    setResponses({ ...responses, [instrument]: { ...(responses[instrument] ?? {}), [item]: score } });
  const remaining = definitions.reduce((n, d) => n + unanswered(d, responses[d.id] ?? {}).length, 0);
  const showCrisis = endorsesFlag(definitions, responses);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (remaining > 0) return;
    setState('sending');
    try {
      await api.submitLink(token, responses);
      setState('done');
    } catch (e) {
      setState('answering');
      setMessage(e instanceof ApiError ? e.detail : 'Sending failed; please try again.');
    }
  };

  // Right under the answer that raised it, where the patient's eyes are, and again after sending;
  // what it says about the answers is true at each moment.
  const crisis = showCrisis && (
    <div class="crisis" role="alert" data-testid="crisis-text">
      <strong>You are not alone.</strong> {crisisText}
      <p data-testid="crisis-status">
        {state === 'done'
          ? 'Your answers have been sent, and your care team has been alerted to this answer. They may not see it right away: if you need help now, do not wait for them.'
          : 'Your answers have not been sent yet: press "Send answers" at the end to send them to your care team. If you need help now, do not wait for that.'}
      </p>
    </div>
  );

  if (state === 'done') {
    return (
      <main class="patient-page">
        <section class="card">
          <h1>Thank you</h1>
          <p>Your answers were sent to your care team. This link cannot be used again.</p>
          <p>What happens next: your answers are in your chart for your care team{showCrisis ? ', who have been alerted to the answer about your safety' : ''}.</p>
          {crisis}
        </section>
      </main>
    );
  }

  return (
    <main class="patient-page">
      <form onSubmit={submit}>
        {definitions.map((d) => {
          const answers = responses[d.id] ?? {};
          return (
            <section class="card questionnaire" key={d.id}>
              <h1>{d.name}</h1>
              {d.preamble && <p class="muted">{d.preamble}</p>}
              {d.items.filter((item) => isAsked(item, answers)).map((item, index) => (
                <fieldset class="question" key={item.id}>
                  <legend>
                    <span class="number">{index + 1}.</span> {item.text || item.label}
                  </legend>
                  <div class="choices">
                    {optionsOf(d, item).map((option) => (
                      <label class={answers[item.id] === option.score ? 'choice chosen' : 'choice'}>
                        <input type="radio" name={`${d.id}.${item.id}`} value={option.score}
                          checked={answers[item.id] === option.score}
                          onChange={() => answer(d.id, item.id, option.score)} />
                        {option.text}
                      </label>
                    ))}
                  </div>
                  {raisesFlag(d, item.id, answers) && crisis}
                </fieldset>
              ))}
            </section>
          );
        })}
        {message && <p class="error" role="alert">{message}</p>}
        <div class="submit-bar">
          <span class="muted">{remaining === 0 ? 'All questions answered.' : `${remaining} question${remaining === 1 ? '' : 's'} left`}</span>
          <button type="submit" disabled={remaining > 0 || state === 'sending'}>Send answers</button>
        </div>
      </form>
    </main>
  );
}
