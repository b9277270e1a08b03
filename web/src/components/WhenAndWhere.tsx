// The day, the start time (quarter hours) and the chair or room of an appointment: the fields that
// booking one and moving one share.
import { Resource } from '../api';

export interface WhenWhere {
  date: string;
  start: string;
  place: string;
}

export function WhenAndWhere({ value, places, placeLabel, onChange }: {
  value: WhenWhere;
  places: Resource[];
  placeLabel: string;
  onChange: (value: WhenWhere) => void;
}) {
  return (
    <>
      <label>
        Date
        <input type="date" required value={value.date} onInput={(e) => onChange({ ...value, date: e.currentTarget.value })} />
      </label>
      <label>
        Start
        <input type="time" required step={900} value={value.start} onInput={(e) => onChange({ ...value, start: e.currentTarget.value })} />
      </label>
      <label>
        {placeLabel}
        <select value={value.place} onChange={(e) => onChange({ ...value, place: e.currentTarget.value })}>
          {places.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}
