// The clinic's calendar on its own clock: a week by day, or a day with a column per chair and room
// (in their natural order). An appointment opens on click or Enter, to be moved by keyboard or
// cancelled; dragging moves it too. The front desk books single appointments here. The server
// refuses a conflict and says why.
import { useEffect, useState } from 'preact/hooks';
import { api, Appointment, CalendarWeek, problemText, Resource, StaffUser } from '../api';
import { AppointmentPanel } from '../components/AppointmentPanel';
import { BookAppointment } from '../components/BookAppointment';
import { addDays, clinicToday, weekdayOf } from '../clinicClock';
import { fullName } from '../format';

const FIRST_HOUR = 7;
const LAST_HOUR = 20;

const DAY_MINUTES = 24 * 60;
// The shortest block drawn: taller than the block's own padding and border, so an appointment a
// few minutes before midnight still fits inside its day (drawn ending at midnight).
const MIN_BLOCK_MINUTES = 10;

// One appointment's part of one day's column, in minutes of that day. An appointment past midnight
// has two: to the end of its first day, and "continued" from the start of the next.
interface Piece {
  key: string;
  appointment: Appointment;
  start: number;
  end: number;
  continued: boolean;
}

function piecesOn(date: string, appointments: Appointment[]): Piece[] {
  const dayBefore = addDays(date, -1);
  const pieces: Piece[] = [];
  for (const a of appointments) {
    const start = minutesOf(a.local_start);
    const end = minutesOf(a.local_end);
    const pastMidnight = end <= start;
    if (a.local_date === date) {
      pieces.push(drawable({ key: a.id, appointment: a, start, end: pastMidnight ? DAY_MINUTES : end, continued: false }));
    } else if (a.local_date === dayBefore && pastMidnight && end > 0) {
      pieces.push(drawable({ key: `${a.id}+`, appointment: a, start: 0, end, continued: true }));
    }
  }
  return pieces;
}

function drawable(piece: Piece): Piece {
  if (piece.end - piece.start >= MIN_BLOCK_MINUTES) return piece;
  const end = Math.min(DAY_MINUTES, piece.start + MIN_BLOCK_MINUTES);
  return { ...piece, start: end - MIN_BLOCK_MINUTES, end };
}

// The hours the grid shows: the working day, widened to hold every appointment shown, so a session
// booked at 05:00 or 21:00 is drawn in its place rather than over the page.
function hourRange(pieces: Piece[]): [number, number] {
  let first = FIRST_HOUR;
  let last = LAST_HOUR;
  for (const p of pieces) {
    first = Math.min(first, Math.floor(p.start / 60));
    last = Math.max(last, Math.ceil(p.end / 60));
  }
  return [first, last];
}

// Side by side where they overlap: each appointment of a column gets a lane, and the lanes of its
// group of overlapping appointments share the column's width (six infusions at 09:00 in the week
// view are six narrow blocks, not one on top of five hidden ones).
function laneLayout(pieces: Piece[]): Map<string, { lane: number; lanes: number }> {
  const layout = new Map<string, { lane: number; lanes: number }>();
  const sorted = [...pieces].sort((a, b) => a.start - b.start);
  let group: Piece[] = [];
  let laneEnds: number[] = [];
  let groupEnd = -1;
  const closeGroup = () => group.forEach((p) => (layout.get(p.key)!.lanes = laneEnds.length));
  for (const p of sorted) {
    if (p.start >= groupEnd) {
      closeGroup();
      group = [];
      laneEnds = [];
    }
    groupEnd = group.length ? Math.max(groupEnd, p.end) : p.end;
    let lane = laneEnds.findIndex((laneEnd) => laneEnd <= p.start);
    if (lane < 0) lane = laneEnds.push(0) - 1;
    laneEnds[lane] = p.end;
    group.push(p);
    layout.set(p.key, { lane, lanes: 1 });
  }
  closeGroup();
  return layout;
}
const PX_PER_MINUTE = 0.8;
const SNAP_MINUTES = 15;
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

function mondayOf(date: string) {
  return addDays(date, -((weekdayOf(date) + 6) % 7));
}
// Chairs before rooms, "Chair 2" before "Chair 10".
function inOrder(resources: Resource[]): Resource[] {
  return [...resources].sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name, undefined, { numeric: true }) : a.kind === 'chair' ? -1 : 1));
}
const minutesOf = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
const clock = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

export function SchedulePage({ user }: { user: StaffUser }) {
  const params = new URLSearchParams(location.search);
  const today = clinicToday();
  const [start, setStart] = useState(mondayOf(params.get('week') ?? today));
  const [days, setDays] = useState(7);
  const [week, setWeek] = useState<CalendarWeek | null>(null);
  const [message, setMessage] = useState('');
  const [opened, setOpened] = useState<Appointment | null>(null);
  const [booking, setBooking] = useState(false);
  const canMove = user.permissions.includes('manage_schedule');
  // The day view opens on today when the week shown holds it; the week view on its Monday.
  const showView = (n: number) => {
    const holdsToday = start <= today && today < addDays(start, days);
    setDays(n);
    setStart(n === 7 ? mondayOf(start) : holdsToday ? today : start);
  };
  const changed = (text: string) => {
    setMessage(text);
    setOpened(null);
    setBooking(false);
    load();
  };

  const load = () => api.calendar(start, addDays(start, days)).then(setWeek, (e) => setMessage(String(e)));
  useEffect(() => {
    load();
  }, [start, days]);

  const drop = async (date: string, event: DragEvent, resourceId?: string) => {
    event.preventDefault();
    const id = event.dataTransfer?.getData('text/plain');
    const appointment = week?.appointments.find((a) => a.id === id);
    if (!appointment) return;
    const rect = (event.currentTarget as HTMLElement).getBoundingClientRect();
    const grab = Number(event.dataTransfer?.getData('application/x-offset') ?? 0);
    const raw = firstHour * 60 + (event.clientY - rect.top - grab) / PX_PER_MINUTE;
    const snapped = Math.max(0, Math.round(raw / SNAP_MINUTES) * SNAP_MINUTES);
    try {
      await api.changeAppointment(appointment.id, appointment.version, {
        local_date: date, local_start: clock(snapped), ...(resourceId ? { resource_id: resourceId } : {}),
      });
      setMessage(`Moved to ${date} ${clock(snapped)}.`);
    } catch (e) {
      setMessage(`Not moved: ${problemText(e)}`);
    }
    load();
  };

  const resources = inOrder(week?.resources ?? []);
  const resourceName = (id: string) => resources.find((r) => r.id === id)?.name ?? id;
  const dates = Array.from({ length: days }, (_, i) => addDays(start, i));
  // A week has a column per day; a day a column per chair and room.
  const columns = (
    days === 1
      ? resources.filter((r) => r.active).map((r) => ({ key: r.id, date: start, resourceId: r.id as string | undefined, head: r.name }))
      : dates.map((date) => ({ key: date, date, resourceId: undefined as string | undefined, head: `${WEEKDAYS[weekdayOf(date)]} ${date.slice(5)}` }))
  ).map((column) => ({
    ...column,
    pieces: piecesOn(column.date, week?.appointments.filter((a) => !column.resourceId || a.resource_id === column.resourceId) ?? []),
  }));
  const [firstHour, lastHour] = hourRange(columns.flatMap((c) => c.pieces));
  const placed = (pieces: Piece[]) => {
    const layout = laneLayout(pieces);
    return pieces.map((p) => block(p, layout.get(p.key)!));
  };
  // Closing a panel gives the focus back to the appointment it was opened from.
  const close = (a: Appointment) => {
    setOpened(null);
    document.querySelector<HTMLElement>(`[data-appointment-id="${a.id}"]`)?.focus();
  };
  const block = ({ key, appointment: a, start: from, end: to, continued }: Piece, place: { lane: number; lanes: number }) => {
    const what = `${a.type_name} ${a.local_date} ${a.local_start}${a.patient ? `, ${fullName(a.patient)}` : ''}, ${resourceName(a.resource_id)}`;
    return (
      <div
        key={key}
        data-appointment-id={a.id}
        class={`appointment status-${a.status}`}
        role="button"
        tabIndex={0}
        aria-label={continued ? `Continued: ${what}` : what}
        onClick={() => setOpened(a)}
        onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), setOpened(a))}
        data-testid="appointment"
        draggable={canMove && !continued && a.status !== 'cancelled'}
        onDragStart={(e) => {
          e.dataTransfer?.setData('text/plain', a.id);
          const rect = (e.currentTarget as HTMLElement).getBoundingClientRect();
          e.dataTransfer?.setData('application/x-offset', String(e.clientY - rect.top));
        }}
        style={{
          top: `${(from - firstHour * 60) * PX_PER_MINUTE}px`,
          height: `${(to - from) * PX_PER_MINUTE}px`,
          left: `calc(${(100 * place.lane) / place.lanes}% + 2px)`,
          width: `calc(${100 / place.lanes}% - 4px)`,
        }}
      >
        <strong>{continued ? `until ${a.local_end}` : a.local_start}</strong> {a.type_name}
        <div>{a.patient ? fullName(a.patient) : ''}</div>
        <small>{resourceName(a.resource_id)}{a.status === 'proposed' ? ' · proposed' : ''}</small>
      </div>
    );
  };

  return (
    <section>
      <div class="page-head">
        <h1>Schedule</h1>
        <div class="actions">
          <button type="button" class="secondary" onClick={() => setStart(addDays(start, -days))}>← Previous</button>
          <button type="button" class="secondary" onClick={() => setStart(days === 7 ? mondayOf(today) : today)}>Today</button>
          <button type="button" class="secondary" onClick={() => setStart(addDays(start, days))}>Next →</button>
          {canMove && (
            <button type="button" onClick={() => setBooking(true)}>
              Book an appointment
            </button>
          )}
          <select aria-label="View" value={String(days)} onChange={(e) => showView(Number(e.currentTarget.value))}>
            <option value="7">Week</option>
            <option value="1">Day</option>
          </select>
        </div>
      </div>
      <p class="muted">
        {days === 1 ? start : `${start} to ${addDays(start, days - 1)}`} · clinic time ({week?.time_zone ?? '…'}) · click or press
        Enter on an appointment to open it{canMove ? ', or drag it to move it' : ''}
      </p>
      {message && <p role="status" class="notice">{message}</p>}
      {booking && week && (
        <BookAppointment resources={resources} staff={week.staff} date={days === 1 ? start : today} onBooked={changed} onClose={() => setBooking(false)} />
      )}
      {opened && (
        <AppointmentPanel appointment={opened} resources={resources} canManage={canMove} onChanged={changed} onClose={() => close(opened)} />
      )}
      <div class="calendar" style={{ gridTemplateColumns: `3.5rem repeat(${columns.length}, 1fr)` }} aria-label="Calendar">
        <div class="hours">
          {Array.from({ length: lastHour - firstHour }, (_, i) => (
            <div style={{ height: `${60 * PX_PER_MINUTE}px` }}>{clock((firstHour + i) * 60)}</div>
          ))}
        </div>
        {columns.map(({ key, date, resourceId, head, pieces }) => {
          const weekday = WEEKDAYS[weekdayOf(date)];
          const open = week?.opening_hours[weekday] ?? [];
          return (
            <div class="day" key={key} aria-label={resourceId ? `${head} ${date}` : `Day ${date}`} data-date={date}>
              <div class="day-head">{head}</div>
              <div class={`day-body ${open.length ? '' : 'closed'}`} style={{ height: `${(lastHour - firstHour) * 60 * PX_PER_MINUTE}px` }}
                onDragOver={(e) => canMove && e.preventDefault()} onDrop={(e) => drop(date, e, resourceId)}>
                {placed(pieces)}
              </div>
            </div>
          );
        })}
      </div>
    </section>
  );
}
