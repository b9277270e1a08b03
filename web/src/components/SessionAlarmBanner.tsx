// Session alarms nobody has acknowledged, loud on every page other than the nurse station (where
// each chair shows its own): a nurse charting elsewhere still sees "Chair 7: SBP 185".
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, TreatmentSession } from '../api';
import { HeardAlarms, useSessionAlarmsFeed } from '../live';
import { linkHandler } from '../router';

const POLL_MS = 15_000;

export function SessionAlarmBanner() {
  const [sessions, setSessions] = useState<TreatmentSession[]>([]);
  const [heard] = useState(() => new HeardAlarms());
  // Only the answer to the latest load is shown: an earlier one that arrives late (the load on
  // opening the page, overtaken by the load an alarm set off) would hide that alarm until the next
  // poll.
  const asked = useRef(0);
  const load = () => {
    const mine = ++asked.current;
    return api.activeSessions().then(
      (loaded) => mine === asked.current && setSessions(heard.overlay(loaded)),
      () => undefined,
    );
  };
  useEffect(() => {
    load();
    const timer = setInterval(load, POLL_MS);
    return () => clearInterval(timer);
  }, []);
  useSessionAlarmsFeed(heard, setSessions, load);

  const unseen = sessions.flatMap((session) =>
    session.open_alarms.filter((alarm) => alarm.status !== 'acknowledged').map((alarm) => ({ session, alarm })),
  );
  if (unseen.length === 0) return null;
  return (
    <section class="alert-banner session-alarm-banner" role="alert" aria-label="Session alarms">
      <h2>
        ⚠ {unseen.length === 1 ? '1 session alarm is' : `${unseen.length} session alarms are`} not acknowledged ·{' '}
        <a href="/sessions" onClick={linkHandler('/sessions')}>
          open the nurse station
        </a>
      </h2>
      <ul>
        {unseen.map(({ session, alarm }) => (
          <li key={alarm.id}>
            <strong>{session.chair}</strong>
            {session.patient && ` (${session.patient.family_name}, ${session.patient.given_name})`}: {alarm.message}
          </li>
        ))}
      </ul>
    </section>
  );
}
