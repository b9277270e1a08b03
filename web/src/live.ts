// The live feed (/api/v1/live) as a Preact hook: connects, reconnects after a drop, and tells the
// caller when it (re)connects so it can reload what it may have missed.
import { useEffect, useRef, useState } from 'preact/hooks';
import { LiveEvent, SessionAlarm, TreatmentSession } from './api';

const RECONNECT_MS = 2000;

function useLiveFeed(onEvent: (event: LiveEvent) => void, onConnected: () => void): boolean {
  const [connected, setConnected] = useState(false);
  // The latest callbacks, without reconnecting when they change.
  const handlers = useRef({ onEvent, onConnected });
  handlers.current = { onEvent, onConnected };

  useEffect(() => {
    let socket: WebSocket | null = null;
    let stopped = false;
    const connect = () => {
      socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/v1/live`);
      socket.onopen = () => {
        setConnected(true);
        handlers.current.onConnected();
      };
      socket.onclose = () => {
        setConnected(false);
        if (!stopped) setTimeout(connect, RECONNECT_MS);
      };
      socket.onmessage = (message) => handlers.current.onEvent(JSON.parse(message.data) as LiveEvent);
    };
    connect();
    return () => {
      stopped = true;
      socket?.close();
    };
  }, []);
  return connected;
}

// A short two-tone beep (Web Audio): no sound file to ship; browsers play it once the page has been
// interacted with (before that only the visual alarm shows, which is the one that counts).
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
    // No audio device.
  }
}

const isNewCritical = (event: LiveEvent) =>
  event.type === 'alarm' && event.alarm.severity === 'critical' && event.alarm.status === 'active';

type VitalsEvent = Extract<LiveEvent, { type: 'vitals' }>;

// The live feed as every view of session alarms takes it (the banner, the nurse station): an
// alarm or session frame is shown at once through `heard` (a new critical alarm beeps too), then
// `load` reloads the list; after a reconnect what was heard is forgotten and `load` decides.
// `show` applies a change to the sessions shown; vital-sign frames go to `onVitals`, if given.
export function useSessionAlarmsFeed(
  heard: HeardAlarms,
  show: (change: (shown: TreatmentSession[]) => TreatmentSession[]) => void,
  load: () => unknown,
  onVitals: (event: VitalsEvent) => void = () => undefined,
): boolean {
  return useLiveFeed(
    (event) => {
      if (event.type === 'vitals') return onVitals(event);
      if (isNewCritical(event)) beep();
      show((shown) => heard.hear(shown, event));
      load();
    },
    () => {
      heard.forget();
      load(); // anything missed while disconnected
    },
  );
}

// The server publishes an alarm frame before it writes the alarm (seconds matter, and the write
// may wait behind a bulk vital-sign commit), so a load that the frame set off can answer from
// before the write and would hide the alarm until the next load. HeardAlarms keeps each alarm as
// last heard: shown at once (heard), and laid over what a load returned until a load agrees with
// it (overlay; only ever over a load's answer, which is how it learns the alarm was written).
export class HeardAlarms {
  private heard = new Map<string, SessionAlarm>();

  hear(sessions: TreatmentSession[], event: LiveEvent): TreatmentSession[] {
    if (event.type !== 'alarm') return sessions;
    const alarm = { ...event.alarm, session_id: event.session_id };
    this.heard.set(alarm.id, alarm);
    return sessions.map((session) => (session.id === alarm.session_id ? withAlarm(session, alarm) : session));
  }

  // After a reconnect the frames missed may be newer than what was heard: a load decides alone.
  forget() {
    this.heard.clear();
  }

  overlay(loaded: TreatmentSession[]): TreatmentSession[] {
    const listed = new Set(loaded.map((s) => s.id));
    for (const [id, alarm] of this.heard) if (!listed.has(alarm.session_id)) this.heard.delete(id);
    return loaded.map((session) => {
      for (const [id, alarm] of this.heard) {
        if (alarm.session_id !== session.id) continue;
        const stored = session.open_alarms.find((a) => a.id === id);
        if (stored?.status === alarm.status || (!stored && alarm.status === 'cleared')) this.heard.delete(id);
        else session = withAlarm(session, alarm);
      }
      return session;
    });
  }
}

function withAlarm(session: TreatmentSession, alarm: SessionAlarm): TreatmentSession {
  const open = session.open_alarms;
  if (alarm.status === 'cleared') return { ...session, open_alarms: open.filter((a) => a.id !== alarm.id) };
  const known = open.some((a) => a.id === alarm.id);
  return { ...session, open_alarms: known ? open.map((a) => (a.id === alarm.id ? alarm : a)) : [...open, alarm] };
}
