// A session's checklist at the chair: the protocol's pre-dose checks while the patient is checked
// in, the discharge criteria in recovery. Each tick is recorded with who and when.
import { useEffect, useState } from 'preact/hooks';
import { api, ChecklistState, problemText, TreatmentSession } from '../api';

export function ChairChecklist({ session, list, items, onChanged, onError }: {
  session: TreatmentSession;
  list: 'pre_checks' | 'discharge';
  items: ChecklistState[];
  onChanged: () => void;
  onError: (message: string) => void;
}) {
  // A tick shows at once and stays while it is saved and the chair reloads; the server's state
  // takes over as soon as it agrees (or when saving failed).
  const [pending, setPending] = useState<Record<string, boolean>>({});
  useEffect(() => {
    setPending((all) => Object.fromEntries(Object.entries(all).filter(([id, v]) => items.find((i) => i.id === id)?.confirmed !== v)));
  }, [items]);
  const toggle = async (item: ChecklistState, confirmed: boolean) => {
    setPending((all) => ({ ...all, [item.id]: confirmed }));
    try {
      await api.confirmChecklist(session.id, list, { [item.id]: confirmed });
      onChanged();
    } catch (e) {
      setPending(({ [item.id]: _dropped, ...rest }) => rest);
      onError(problemText(e));
    }
  };
  return (
    <fieldset class="checklist">
      <legend>{list === 'pre_checks' ? 'Pre-dose checks' : 'Discharge checklist'}</legend>
      {items.map((item) => (
        <label class="checkbox" title={item.source} key={item.id}>
          <input
            type="checkbox"
            checked={pending[item.id] ?? item.confirmed}
            onChange={(e) => toggle(item, e.currentTarget.checked)}
          />
          {item.label}
          {item.confirmed && item.by && <span class="muted"> · {item.by}</span>}
        </label>
      ))}
    </fieldset>
  );
}
