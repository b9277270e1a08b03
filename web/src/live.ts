// The live feed (/api/v1/live) as a Preact hook: connects, reconnects after a drop, and tells the
// caller when it (re)connects so it can reload what it may have missed.
import { useEffect, useRef, useState } from 'preact/hooks';
import { LiveEvent } from './api';

const RECONNECT_MS = 2000;

export function useLiveFeed(onEvent: (event: LiveEvent) => void, onConnected: () => void): boolean {
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
export function beep() {
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

export const isNewCritical = (event: LiveEvent) =>
  event.type === 'alarm' && event.alarm.severity === 'critical' && event.alarm.status === 'active';
