// The nurse station: every active session as a chair, kept live over the WebSocket feed. A new
// critical alarm sounds and stays red until acknowledged.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, StaffUser, TreatmentSession, VitalReading } from '../api';
import { ChairCard } from '../components/ChairCard';
import { UnsentForms } from '../components/UnsentForms';
import { HeardAlarms, useSessionAlarmsFeed } from '../live';

export function NurseStationPage({ user }: { user: StaffUser }) {
  const [sessions, setSessions] = useState<TreatmentSession[] | null>(null);
  const [readings, setReadings] = useState<Record<string, VitalReading[]>>({});
  const [now, setNow] = useState(Date.now());
  const [loads, setLoads] = useState(0);  // bumps after each load, so side panels reload too
  const loading = useRef(false);
  const again = useRef(false);
  const [heard] = useState(() => new HeardAlarms());

  // One load at a time; a request that comes in meanwhile runs once more after it, so an alarm
  // raised during a load is never missed.
  const load = async () => {
    if (loading.current) {
      again.current = true;
      return;
    }
    loading.current = true;
    try {
      do {
        again.current = false;
        const active = await api.activeSessions();
        const histories = await Promise.all(active.map((s) => api.session(s.id)));
        // The detail carries the checklists and the vitals history; the list its patient and alarms.
        setSessions(heard.overlay(active).map((s, i) => ({ ...s, pre_checks: histories[i].pre_checks, discharge_checklist: histories[i].discharge_checklist })));
        setReadings(Object.fromEntries(histories.map((s) => [s.id, s.vitals ?? []])));
      } while (again.current);
      setLoads((n) => n + 1);
      setNow(Date.now());
    } finally {
      loading.current = false;
    }
  };

  useEffect(() => {
    load();
    const clock = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(clock);
  }, []);

  const connected = useSessionAlarmsFeed(
    heard,
    (change) => setSessions((all) => all && change(all)),
    load,
    (event) => {
      setReadings((all) => ({ ...all, [event.session_id]: [...(all[event.session_id] ?? []), ...event.readings] }));
      setSessions(
        (all) =>
          all?.map((s) =>
            s.id !== event.session_id
              ? s
              : { ...s, latest_vitals: { ...s.latest_vitals, ...Object.fromEntries(event.readings.map((r) => [r.kind, r])) } },
          ) ?? null,
      );
    },
  );

  const canRun = user.permissions.includes('run_sessions');
  return (
    <section>
      <header class="page-head">
        <h1>Nurse station</h1>
        <span class={connected ? 'live live-on' : 'live live-off'} data-testid="live-status">
          {connected ? 'live' : 'reconnecting…'}
        </span>
      </header>
      {sessions === null && <p class="loading">Loading…</p>}
      {sessions?.length === 0 && <p class="muted">No active sessions.</p>}
      <UnsentForms now={now} canRun={canRun} refresh={loads} />
      <div class="chairs">
        {[...(sessions ?? [])].sort((a, b) => a.chair.localeCompare(b.chair, undefined, { numeric: true })).map((session) => (
          <ChairCard
            key={session.id}
            session={session}
            readings={readings[session.id] ?? []}
            canRun={canRun}
            isPrescriber={user.role === 'prescriber'}
            now={now}
            onChanged={load}
          />
        ))}
      </div>
    </section>
  );
}
