// The clinic's chairs and rooms (what the calendar books) and its bedside monitors (each gets a
// token to send vital signs, shown once).
import { useEffect, useState } from 'preact/hooks';
import { api, problemText, Resource, StaffUser } from '../../api';
import { formatTime } from '../../format';
import { AdminNav } from './AdminNav';

// "Chair 7" → "chair-7": the id the calendar and the API use.
const idFor = (name: string) => name.trim().toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

export function PlacesPage({ user }: { user: StaffUser }) {
  const [places, setPlaces] = useState<Resource[]>([]);
  const [kind, setKind] = useState<'chair' | 'room'>('chair');
  const [name, setName] = useState('');
  const [device, setDevice] = useState({ id: '', label: '' });
  const [token, setToken] = useState<{ device: string; token: string } | null>(null);
  const [devices, setDevices] = useState<{ device_id: string; label: string; registered_at: string }[]>([]);
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');
  const load = () => {
    if (user.permissions.includes('manage_rota')) api.resources().then(setPlaces, (e) => setError(problemText(e)));
    if (user.permissions.includes('manage_devices')) api.devices().then(setDevices, (e) => setError(problemText(e)));
  };
  // Every change reloads the lists, so what is shown is what is stored.
  const act = async (what: () => Promise<unknown>, done: string) => {
    try {
      await what();
      setMessage(done);
      setError('');
    } catch (e) {
      setError(problemText(e));
    }
    load();
  };
  useEffect(() => {
    load();
  }, []);

  const addPlace = async (event: Event) => {
    event.preventDefault();
    try {
      const created = await api.createResource({ id: idFor(name), kind, name: name.trim() });
      setMessage(`${created.name} added.`);
      setName('');
      setError('');
      load();
    } catch (e) {
      setError(problemText(e));
    }
  };
  const addDevice = async (event: Event) => {
    event.preventDefault();
    try {
      const registered = await api.registerDevice(device.id.trim(), device.label.trim());
      setToken({ device: registered.device_id, token: registered.token });
      setDevice({ id: '', label: '' });
      setError('');
      load();
    } catch (e) {
      setError(problemText(e));
    }
  };

  const sorted = [...places].sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name, undefined, { numeric: true }));
  return (
    <section>
      <AdminNav user={user} current="/admin/places" />
      <h1>Chairs, rooms and monitors</h1>
      {message && <p role="status" class="notice">{message}</p>}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {user.permissions.includes('manage_rota') && (
        <div class="card">
          <h2>Chairs and rooms</h2>
          <ul aria-label="Chairs and rooms">
            {sorted.map((r) => (
              <li key={r.id} class="row-actions">
                {r.name} <span class="muted">({r.kind}{r.active ? '' : ', not in use'})</span>
                <button
                  type="button"
                  class="secondary"
                  onClick={() => {
                    const name = prompt(`New name for ${r.name}`, r.name);
                    if (name && name.trim() !== r.name) act(() => api.changeResource(r.id, { name: name.trim() }), `${r.name} is now ${name.trim()}.`);
                  }}
                >
                  Rename {r.name}
                </button>
                <button type="button" class="secondary" onClick={() => act(() => api.changeResource(r.id, { active: !r.active }), r.active ? `${r.name} is out of use.` : `${r.name} is back in use.`)}>
                  {r.active ? `Take ${r.name} out of use` : `Bring ${r.name} back`}
                </button>
              </li>
            ))}
          </ul>
          <form class="inline-form" aria-label="Add a chair or room" onSubmit={addPlace}>
            <label>
              Kind
              <select value={kind} onChange={(e) => setKind(e.currentTarget.value as 'chair' | 'room')}>
                <option value="chair">Chair</option>
                <option value="room">Room</option>
              </select>
            </label>
            <label>
              Name
              <input required value={name} placeholder="Chair 7" onInput={(e) => setName(e.currentTarget.value)} />
            </label>
            <button type="submit">Add</button>
          </form>
        </div>
      )}
      {user.permissions.includes('manage_devices') && (
        <div class="card">
          <h2>Monitors</h2>
          <p class="muted">A monitor or gateway sends vital signs with its own token, which can do nothing else. Registering a monitor again replaces its token.</p>
          <form class="inline-form" aria-label="Register a monitor" onSubmit={addDevice}>
            <label>
              Device id
              <input required value={device.id} placeholder="monitor-chair-7" onInput={(e) => setDevice({ ...device, id: e.currentTarget.value })} />
            </label>
            <label>
              Label
              <input value={device.label} placeholder="Chair 7 monitor" onInput={(e) => setDevice({ ...device, label: e.currentTarget.value })} />
            </label>
            <button type="submit">Register</button>
          </form>
          <ul aria-label="Registered monitors">
            {devices.map((d) => (
              <li key={d.device_id} class="row-actions">
                {d.device_id} <span class="muted">{d.label} · registered {formatTime(d.registered_at)}</span>
                <button
                  type="button"
                  class="danger"
                  onClick={() => confirm(`Revoke ${d.device_id}? Its token stops working at once.`) && act(() => api.revokeDevice(d.device_id), `${d.device_id} revoked.`)}
                >
                  Revoke {d.device_id}
                </button>
              </li>
            ))}
          </ul>
          {token && (
            <div class="notice" role="status" data-testid="device-token">
              <p>
                Token for <strong>{token.device}</strong>: enter it in the monitor's gateway now; it is not shown again.
              </p>
              <input readOnly aria-label={`Token for ${token.device}`} value={token.token} onFocus={(e) => e.currentTarget.select()} />
            </div>
          )}
        </div>
      )}
    </section>
  );
}
