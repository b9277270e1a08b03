// The front desk books a single appointment (consultation, follow-up, KAP preparation or
// integration): find the patient by name or MRN, pick the type, the day, the time and the room or
// chair, optionally who attends. Treatment sessions are booked with their dose, not here.
import { useEffect, useState } from 'preact/hooks';
import { api, AppointmentType, Patient, problemText, Resource, RotaEntry } from '../api';
import { fullName } from '../format';
import { WhenAndWhere, WhenWhere } from './WhenAndWhere';

export function BookAppointment({ resources, staff, date, onBooked, onClose }: {
  resources: Resource[];
  staff: RotaEntry[];
  date: string;
  onBooked: (message: string) => void;
  onClose: () => void;
}) {
  const [types, setTypes] = useState<AppointmentType[]>([]);
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<Patient[]>([]);
  const [patient, setPatient] = useState<Patient | null>(null);
  const [type, setType] = useState('');
  const [when, setWhen] = useState<WhenWhere>({ date, start: '09:00', place: '' });
  const [who, setWho] = useState<number[]>([]);
  const [note, setNote] = useState('');
  const [error, setError] = useState('');

  useEffect(() => {
    api.appointmentTypes().then((all) => setTypes(all.filter((t) => t.protocol === null)), (e) => setError(problemText(e)));
  }, []);
  useEffect(() => {
    if (query.trim().length < 2) return setFound([]);
    const timer = setTimeout(() => api.searchPatients(query.trim()).then((r) => setFound(r.items.slice(0, 8)), () => setFound([])), 200);
    return () => clearTimeout(timer);
  }, [query]);

  const chosen = types.find((t) => t.id === type);
  const places = resources.filter((r) => r.active && r.kind === (chosen?.resource_kind ?? 'room'));
  const book = async (event: Event) => {
    event.preventDefault();
    if (!patient) return setError('Choose the patient first.');
    try {
      const booked = await api.bookAppointment({
        patient_id: patient.id, type, local_date: when.date, local_start: when.start, resource_id: when.place || places[0]?.id || '', staff_ids: who, note,
      });
      onBooked(`${booked.type_name} booked for ${fullName(patient)} on ${booked.local_date} at ${booked.local_start}.`);
    } catch (e) {
      setError(problemText(e));
    }
  };

  return (
    <form class="card book-appointment" aria-label="Book an appointment" onSubmit={book}>
      <div class="page-head">
        <h2>Book an appointment</h2>
        <button type="button" class="secondary" onClick={onClose}>
          Close
        </button>
      </div>
      {patient ? (
        <p>
          Patient: <strong>{fullName(patient)}</strong> (MRN {patient.mrn}){' '}
          <button type="button" class="link" onClick={() => setPatient(null)}>
            change
          </button>
        </p>
      ) : (
        <>
          <label>
            Patient (name or MRN)
            <input value={query} onInput={(e) => setQuery(e.currentTarget.value)} autoComplete="off" />
          </label>
          <ul class="choices-list" aria-label="Matching patients">
            {found.map((p) => (
              <li key={p.id}>
                <button type="button" class="link" onClick={() => setPatient(p)}>
                  {fullName(p)} · MRN {p.mrn} · born {p.birth_date}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      <div class="inline-form">
        <label>
          Type
          <select required value={type} onChange={(e) => setType(e.currentTarget.value)}>
            <option value="">Choose…</option>
            {types.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name} ({t.minutes} min)
              </option>
            ))}
          </select>
        </label>
        <WhenAndWhere
          value={{ ...when, place: when.place || places[0]?.id || '' }}
          places={places}
          placeLabel={chosen?.resource_kind === 'chair' ? 'Chair' : 'Room'}
          onChange={setWhen}
        />
      </div>
      <fieldset class="inline-form">
        <legend>Who attends (optional)</legend>
        {staff
          .filter((s) => ['prescriber', 'nurse', 'therapist'].includes(s.role))
          .map((s) => (
            <label class="check" key={s.staff_id}>
              <input
                type="checkbox"
                checked={who.includes(s.staff_id)}
                onChange={(e) => setWho(e.currentTarget.checked ? [...who, s.staff_id] : who.filter((id) => id !== s.staff_id))}
              />
              {s.username} ({s.role})
            </label>
          ))}
      </fieldset>
      <label>
        Note
        <input maxLength={2000} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
      </label>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit">Book</button>
    </form>
  );
}
