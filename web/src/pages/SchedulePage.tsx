// The clinic's calendar: a week (or a day) of appointments by chair and room, on the clinic's own
// clock. Drag an appointment to another day or time to move it; the server refuses a conflict
// and says why.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, Appointment, CalendarWeek, StaffUser } from '../api';
import { fullName } from '../format';

const FIRST_HOUR = 7;
const LAST_HOUR = 20;
const PX_PER_MINUTE = 0.8;
const SNAP_MINUTES = 15;
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

function isoDate(d: Date) {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
function addDays(date: string, days: number) {
  const [y, m, d] = date.split('-').map(Number);
  return isoDate(new Date(y, m - 1, d + days));
}
function mondayOf(date: string) {
  const [y, m, d] = date.split('-').map(Number);
  const day = new Date(y, m - 1, d).getDay();
  return addDays(date, -((day + 6) % 7));
}
const minutesOf = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
const clock = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

export function SchedulePage({ user }: { user: StaffUser }) {
  const params = new URLSearchParams(location.search);
  const [start, setStart] = useState(mondayOf(params.get('week') ?? isoDate(new Date())));
  const [days, setDays] = useState(7);
  const [week, setWeek] = useState<CalendarWeek | null>(null);
  const [message, setMessage] = useState('');
  const canMove = user.permissions.includes('manage_schedule');

  const load = () => api.calendar(start, addDays(start, days)).then(setWeek, (e) => setMessage(String(e)));
  useEffect(() => {
    load();
  }, [start, days]);

  const drop = async (date: string, event: DragEvent) => {
    event.preventDefault();
    const id = event.dataTransfer?.getData('text/plain');
    const appointment = week?.appointments.find((a) => a.id === id);
    if (!appointment) return;
    const rect = (event.currentTarget as HTMLElement).getBoundingClientRect();
    const grab = Number(event.dataTransfer?.getData('application/x-offset') ?? 0);
    const raw = FIRST_HOUR * 60 + (event.clientY - rect.top - grab) / PX_PER_MINUTE;
    const snapped = Math.max(0, Math.round(raw / SNAP_MINUTES) * SNAP_MINUTES);
    try {
      await api.moveAppointment(appointment.id, appointment.version, date, clock(snapped));
      setMessage(`Moved to ${date} ${clock(snapped)}.`);
    } catch (e) {
      setMessage(e instanceof ApiError ? `Not moved: ${e.detail}` : String(e));
    }
    load();
  };

  const resourceName = (id: string) => week?.resources.find((r) => r.id === id)?.name ?? id;
  const dates = Array.from({ length: days }, (_, i) => addDays(start, i));
  const block = (a: Appointment) => (
    <div
      key={a.id}
      class={`appointment status-${a.status}`}
      role="button"
      aria-label={`${a.type_name} ${a.local_date} ${a.local_start}`}
      data-testid="appointment"
      draggable={canMove && a.status !== 'cancelled'}
      onDragStart={(e) => {
        e.dataTransfer?.setData('text/plain', a.id);
        const rect = (e.currentTarget as HTMLElement).getBoundingClientRect();
        e.dataTransfer?.setData('application/x-offset', String(e.clientY - rect.top));
      }}
      style={{
        top: `${(minutesOf(a.local_start) - FIRST_HOUR * 60) * PX_PER_MINUTE}px`,
        height: `${(minutesOf(a.local_end) - minutesOf(a.local_start)) * PX_PER_MINUTE}px`,
      }}
    >
      <strong>{a.local_start}</strong> {a.type_name}
      <div>{a.patient ? fullName(a.patient) : ''}</div>
      <small>{resourceName(a.resource_id)}{a.status === 'proposed' ? ' · proposed' : ''}</small>
    </div>
  );

  return (
    <section>
      <div class="page-head">
        <h1>Schedule</h1>
        <div class="actions">
          <button type="button" class="secondary" onClick={() => setStart(addDays(start, -days))}>← Previous</button>
          <button type="button" class="secondary" onClick={() => setStart(days === 7 ? mondayOf(isoDate(new Date())) : isoDate(new Date()))}>Today</button>
          <button type="button" class="secondary" onClick={() => setStart(addDays(start, days))}>Next →</button>
          <select aria-label="View" value={String(days)} onChange={(e) => setDays(Number(e.currentTarget.value))}>
            <option value="7">Week</option>
            <option value="1">Day</option>
          </select>
        </div>
      </div>
      <p class="muted">
        {start} to {addDays(start, days - 1)} · clinic time ({week?.time_zone ?? '…'}){canMove ? ' · drag to move' : ''}
      </p>
      {message && <p role="status" class="notice">{message}</p>}
      <div class="calendar" style={{ gridTemplateColumns: `3.5rem repeat(${days}, 1fr)` }} aria-label="Calendar">
        <div class="hours">
          {Array.from({ length: LAST_HOUR - FIRST_HOUR }, (_, i) => (
            <div style={{ height: `${60 * PX_PER_MINUTE}px` }}>{clock((FIRST_HOUR + i) * 60)}</div>
          ))}
        </div>
        {dates.map((date) => {
          const weekday = WEEKDAYS[new Date(`${date}T12:00:00`).getDay()];
          const open = week?.opening_hours[weekday] ?? [];
          return (
            <div class="day" key={date} aria-label={`Day ${date}`} data-date={date}>
              <div class="day-head">{weekday} {date.slice(5)}</div>
              <div class={`day-body ${open.length ? '' : 'closed'}`} style={{ height: `${(LAST_HOUR - FIRST_HOUR) * 60 * PX_PER_MINUTE}px` }}
                onDragOver={(e) => canMove && e.preventDefault()} onDrop={(e) => drop(date, e)}>
                {week?.appointments.filter((a) => a.local_date === date).map(block)}
              </div>
            </div>
          );
        })}
      </div>
    </section>
  );
}
