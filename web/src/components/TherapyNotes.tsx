// KAP therapy notes on the chart. Everyone on the care team sees that a note exists; only its
// author and the clinicians the author grants can open it (the server audits every attempt).
import { useEffect, useState } from 'preact/hooks';
import { api, problemText, NoteTemplate, RotaEntry, SessionHistoryEntry, StaffUser, TherapyNote } from '../api';
import { formatTime } from '../format';
import { sessionLabel } from './TreatmentSessions';

function NoteForm({ patientId, onDone }: { patientId: string; onDone: () => void }) {
  const [templates, setTemplates] = useState<NoteTemplate[]>([]);
  const [templateId, setTemplateId] = useState('kap_preparation');
  const [sections, setSections] = useState<Record<string, string>>({});
  const [sessionId, setSessionId] = useState('');
  const [sessions, setSessions] = useState<SessionHistoryEntry[]>([]);
  const [error, setError] = useState('');
  useEffect(() => {
    api.noteTemplates().then(setTemplates);
    // A dosing-session note belongs to a session that started dosing.
    api.patientSessions(patientId).then((all) => setSessions(all.filter((s) => s.dosing_started_at)), () => setSessions([]));
  }, [patientId]);
  const chosen = templates.find((t) => t.id === templateId);
  const submit = async (event: Event) => {
    event.preventDefault();
    try {
      await api.writeTherapyNote(patientId, templateId, sections, sessionId || undefined);
      onDone();
    } catch (e) {
      setError(problemText(e));
    }
  };
  return (
    <form aria-label="New therapy note" onSubmit={submit}>
      <label>Template
        <select value={templateId} onChange={(e) => { setTemplateId(e.currentTarget.value); setSections({}); }}>
          {templates.map((t) => <option value={t.id}>{t.name}</option>)}
        </select>
      </label>
      {chosen?.needs_session && (
        <label>Treatment session
          <select required value={sessionId} onChange={(e) => setSessionId(e.currentTarget.value)}>
            <option value="">{sessions.length === 0 ? 'No dosed session on this chart' : 'Choose the session'}</option>
            {sessions.map((s) => <option key={s.id} value={s.id}>{sessionLabel(s)}</option>)}
          </select>
        </label>
      )}
      {chosen?.sections.map((s) => (
        <label key={s.id}>
          {s.label}{s.required ? '' : ' — optional'}
          <textarea rows={3} value={sections[s.id] ?? ''} onInput={(e) => setSections({ ...sections, [s.id]: e.currentTarget.value })} />
        </label>
      ))}
      {error && <p class="error" role="alert">{error}</p>}
      <button type="submit">Save note</button>
    </form>
  );
}

function NoteRow({ note, user, clinicians }: { note: TherapyNote; user: StaffUser; clinicians: RotaEntry[] }) {
  const [open, setOpen] = useState<TherapyNote | null>(null);
  const [grantTo, setGrantTo] = useState('');
  const [message, setMessage] = useState('');
  const show = async () => {
    try {
      setOpen(open ? null : await api.therapyNote(note.id));
    } catch (e) {
      setMessage(problemText(e));
    }
  };
  const grant = async () => {
    try {
      setOpen(await api.grantTherapyNote(note.id, Number(grantTo)));
      setMessage('Access granted.');
    } catch (e) {
      setMessage(problemText(e));
    }
  };
  return (
    <li>
      <strong>{note.name}</strong> — {note.author}, {formatTime(note.written_at)}{' '}
      {note.readable ? <button type="button" class="link" onClick={show}>{open ? 'Hide' : 'Open'}</button> : <em class="muted">restricted</em>}
      {open && (
        <dl>
          {Object.entries(open.sections ?? {}).map(([id, text]) => [<dt>{id.replace(/_/g, ' ')}</dt>, <dd>{text}</dd>])}
        </dl>
      )}
      {open && note.author === user.username && (
        <span class="actions">
          <select aria-label="Grant access to" value={grantTo} onChange={(e) => setGrantTo(e.currentTarget.value)}>
            <option value="">Grant access to…</option>
            {clinicians.map((c) => <option value={String(c.staff_id)}>{c.username}</option>)}
          </select>
          <button type="button" class="secondary" disabled={!grantTo} onClick={grant}>Grant</button>
        </span>
      )}
      {message && <p class="muted">{message}</p>}
    </li>
  );
}

export function TherapyNotes({ patientId, user }: { patientId: string; user: StaffUser }) {
  const [notes, setNotes] = useState<TherapyNote[]>([]);
  const [clinicians, setClinicians] = useState<RotaEntry[]>([]);
  const [adding, setAdding] = useState(false);
  const load = () => api.therapyNotes(patientId).then(setNotes, () => setNotes([]));
  useEffect(() => {
    load();
    api.rota().then((r) => setClinicians(r.filter((s) => ['prescriber', 'nurse', 'therapist'].includes(s.role) && s.username !== user.username)), () => undefined);
  }, [patientId]);
  const writer = user.permissions.includes('write_therapy_notes');
  return (
    <div class="card" aria-label="Therapy notes">
      <div class="page-head">
        <h2>KAP therapy notes</h2>
        {writer && !adding && <button type="button" class="secondary" onClick={() => setAdding(true)}>New note</button>}
      </div>
      <p class="muted">Psychotherapy notes: only their author and clinicians they grant can open them.</p>
      {adding && <NoteForm patientId={patientId} onDone={() => { setAdding(false); load(); }} />}
      {notes.length === 0 ? <p class="muted">No notes.</p> : (
        <ul class="notes">{notes.map((n) => <NoteRow key={n.id} note={n} user={user} clinicians={clinicians} />)}</ul>
      )}
    </div>
  );
}
