// One appointment opened from the calendar: what it is, who it is for, where and when; and, for
// those who run the schedule, moving it by keyboard (date, time, chair or room) or cancelling it.
// The server checks every change and says what stands in the way.
import { useEffect, useRef, useState } from 'preact/hooks';
import { Appointment, api, problemText, Resource } from '../api';
import { fullName } from '../format';
import { linkHandler } from '../router';
import { sessionPath } from './TreatmentSessions';
import { WhenAndWhere, WhenWhere } from './WhenAndWhere';

export function AppointmentPanel({ appointment, resources, canManage, onChanged, onClose }: {
  appointment: Appointment;
  resources: Resource[];
  canManage: boolean;
  onChanged: (message: string) => void;
  onClose: () => void;
}) {
  const [when, setWhen] = useState<WhenWhere>({ date: appointment.local_date, start: appointment.local_start, place: appointment.resource_id });
  const [error, setError] = useState('');
  // Opened from the keyboard, the panel takes the focus so its fields are the next Tab stops;
  // Escape closes it.
  const panel = useRef<HTMLElement>(null);
  useEffect(() => panel.current?.focus(), [appointment.id]);
  const here = resources.find((r) => r.id === appointment.resource_id);
  const places = resources.filter((r) => r.active && r.kind === (here?.kind ?? 'chair'));
  const editable = canManage && appointment.status !== 'cancelled';

  const change = async (changes: Parameters<typeof api.changeAppointment>[2], done: string) => {
    try {
      await api.changeAppointment(appointment.id, appointment.version, changes);
      onChanged(done);
    } catch (e) {
      setError(problemText(e));
    }
  };
  const move = (event: Event) => {
    event.preventDefault();
    change({ local_date: when.date, local_start: when.start, resource_id: when.place }, `Moved to ${when.date} ${when.start}.`);
  };
  const cancel = () => {
    if (confirm(`Cancel this ${appointment.type_name.toLowerCase()}?`)) change({ status: 'cancelled' }, 'Appointment cancelled.');
  };

  const chart = `/patients/${encodeURIComponent(appointment.patient_id)}`;
  return (
    <section
      class="card appointment-panel"
      role="dialog"
      aria-label={`Appointment: ${appointment.type_name}`}
      ref={panel}
      tabIndex={-1}
      onKeyDown={(e) => e.key === 'Escape' && onClose()}
    >
      <div class="page-head">
        <h2>{appointment.type_name}</h2>
        <button type="button" class="secondary" onClick={onClose}>
          Close
        </button>
      </div>
      <dl>
        <dt>Patient</dt>
        <dd>
          {appointment.patient ? (
            <a href={chart} onClick={linkHandler(chart)}>
              {fullName(appointment.patient)} (MRN {appointment.patient.mrn})
            </a>
          ) : (
            appointment.patient_id
          )}
        </dd>
        <dt>When</dt>
        <dd>
          {appointment.local_date} {appointment.local_start}–{appointment.local_end}
        </dd>
        <dt>Where</dt>
        <dd>{here?.name ?? appointment.resource_id}</dd>
        <dt>Status</dt>
        <dd>{appointment.status}</dd>
        {appointment.treatment_session_id && (
          <>
            <dt>Treatment session</dt>
            <dd>
              <a
                href={sessionPath({ id: appointment.treatment_session_id, patient_id: appointment.patient_id })}
                onClick={linkHandler(sessionPath({ id: appointment.treatment_session_id, patient_id: appointment.patient_id }))}
              >
                Open the session record
              </a>
            </dd>
          </>
        )}
      </dl>
      {editable && (
        <form class="inline-form" aria-label="Move the appointment" onSubmit={move}>
          <WhenAndWhere value={when} places={places} placeLabel={here?.kind === 'room' ? 'Room' : 'Chair'} onChange={setWhen} />
          <button type="submit">Move</button>
          <button type="button" class="danger" onClick={cancel}>
            Cancel appointment
          </button>
        </form>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
