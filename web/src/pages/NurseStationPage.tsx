// The nurse station: every active session as a chair, kept live over the WebSocket feed. A new
// critical alarm sounds and stays red until acknowledged.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, LiveEvent, StaffUser, TreatmentSession, VitalReading } from '../api';
import { ChairCard } from '../components/ChairCard';

const RECONNECT_MS = 2000;

// A short two-tone beep (Web Audio): no sound file to ship, and it plays as soon as the page has
// been interacted with (browsers block audio before that; the red banner stays regardless).
function beep() {
  try {
    const context = new AudioContext();
    [880, 660].forEach((frequency, i) => {
      const tone = context.createOscillator();
      tone.frequency.value = frequency;
      tone.connect(context.destination);
      tone.start(context.currentTime + i * 0.25);
      tone.stop(context.currentTime + i * 0.25 + 0.2);
    });
  } catch {
    // No audio device: the visual alarm is the one that counts.
  }
}

export function NurseStationPage({ user }: { user: StaffUser }) {
  const [sessions, setSessions] = useState<TreatmentSession[] | null>(null);
  const [readings, setReadings] = useState<Record<string, VitalReading[]>>({});
  const [connected, setConnected] = useState(false);
  const [now, setNow] = useState(Date.now());
  const loading = useRef(false);
  const again = useRef(false);

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
        setSessions(active.map((s, i) => ({ ...s, pre_checks: histories[i].pre_checks, discharge_checklist: histories[i].discharge_checklist })));
        setReadings(Object.fromEntries(histories.map((s) => [s.id, s.vitals ?? []])));
      } while (again.current);
    } finally {
      loading.current = false;
    }
  };

  useEffect(() => {
    load();
    const clock = setInterval(() => setNow(Date.now()), 15_000);
    let socket: WebSocket | null = null;
    let stopped = false;
    const connect = () => {
      socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/v1/live`);
      socket.onopen = () => {
        setConnected(true);
        load(); // anything missed while disconnected
      };
      socket.onclose = () => {
        setConnected(false);
        if (!stopped) setTimeout(connect, RECONNECT_MS);
      };
      socket.onmessage = (message) => {
        const event = JSON.parse(message.data) as LiveEvent;
        if (event.type === 'vitals') {
          setReadings((all) => ({ ...all, [event.session_id]: [...(all[event.session_id] ?? []), ...event.readings] }));
          setSessions((all) =>
            all?.map((s) =>
              s.id !== event.session_id
                ? s
                : { ...s, latest_vitals: { ...s.latest_vitals, ...Object.fromEntries(event.readings.map((r) => [r.kind, r])) } },
            ) ?? null,
          );
        } else {
          if (event.type === 'alarm' && event.alarm.severity === 'critical' && event.alarm.status === 'active') beep();
          load();
        }
      };
    };
    connect();
    return () => {
      stopped = true;
      clearInterval(clock);
      socket?.close();
    };
  }, []);

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
      <div class="chairs">
        {sessions?.map((session) => (
          <ChairCard
            key={session.id}
            session={session}
            readings={readings[session.id] ?? []}
            canRun={canRun}
            now={now}
            onChanged={load}
          />
        ))}
      </div>
    </section>
  );
}
