// The clinic's calendar: "today" is the clinic's today, on its time zone's clock (the one the
// server books and reminds by), not the browser's. A browser elsewhere, or a test machine on UTC,
// would otherwise open the calendar on the wrong day or week in the clinic's evening. The zone
// comes with the sign-in (GET/POST /api/v1/session); until then the browser's own is used.
let zone: string | undefined;

export function setClinicTimeZone(name: string) {
  zone = name;
}

// The clinic's date and clock at an instant.
function wallClock(at: Date) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(at);
  const field = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return { year: field('year'), month: field('month'), day: field('day'), hour: field('hour'), minute: field('minute'), second: field('second') };
}

// How far the clinic's clock is ahead of UTC at an instant, in milliseconds.
function offsetAt(at: number): number {
  const w = wallClock(new Date(at));
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(at / 1000) * 1000;
}

const iso = (year: number, month: number, day: number) =>
  `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

export function clinicToday(at = new Date()): string {
  const w = wallClock(at);
  return iso(w.year, w.month, w.day);
}

// The last millisecond of the clinic's today. The offset is taken at the end of the day itself, so
// a day that changes to or from summer time ends at its own midnight.
export function endOfClinicToday(at = new Date()): number {
  const w = wallClock(at);
  const midnight = Date.UTC(w.year, w.month - 1, w.day + 1);
  const guess = midnight - offsetAt(at.getTime());
  return midnight - offsetAt(guess) - 1;
}

// Calendar arithmetic on YYYY-MM-DD dates (no clock, so no time zone).
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const next = new Date(Date.UTC(y, m - 1, d + days));
  return iso(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate());
}

// 0 for Sunday to 6 for Saturday.
export function weekdayOf(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}
