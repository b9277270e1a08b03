// Staff accounts: who can sign in, as what. An admin creates an account (the new member sets the
// password through a single-use link, which the admin passes on), changes a role, deactivates or
// reactivates one, and gives a new password link. Nothing is deleted; the last admin stays.
import { useEffect, useState } from 'preact/hooks';
import { api, PasswordLink, problemText, StaffAccount, StaffUser } from '../../api';
import { formatTime } from '../../format';
import { AdminNav } from './AdminNav';

const ROLES = ['admin', 'prescriber', 'nurse', 'therapist', 'front_desk', 'researcher'];
const roleLabel = (role: string) => role.replace('_', ' ');

function LinkToPass({ username, link }: { username: string; link: PasswordLink }) {
  const url = location.origin + link.password_link;
  return (
    <div class="notice" role="status" data-testid="password-link">
      <p>
        Give <strong>{username}</strong> this link to set their password. It works once, until {formatTime(link.expires_at)}, and
        is not shown again:
      </p>
      <input readOnly aria-label={`Password link for ${username}`} value={url} onFocus={(e) => e.currentTarget.select()} />
    </div>
  );
}

export function StaffPage({ user }: { user: StaffUser }) {
  const [staff, setStaff] = useState<StaffAccount[]>([]);
  const [username, setUsername] = useState('');
  const [role, setRole] = useState('nurse');
  const [link, setLink] = useState<{ username: string; link: PasswordLink } | null>(null);
  const [error, setError] = useState('');
  const load = () => api.staff().then(setStaff, (e) => setError(problemText(e)));
  useEffect(() => {
    load();
  }, []);

  // The list is read again either way, so a refused change never stays on screen.
  const act = async (what: () => Promise<unknown>) => {
    try {
      await what();
      setError('');
    } catch (e) {
      setError(problemText(e));
    }
    await load();
  };
  const create = (event: Event) => {
    event.preventDefault();
    act(async () => {
      const created = await api.createStaff(username.trim(), role);
      setLink({ username: created.username, link: created });
      setUsername('');
    });
  };

  return (
    <section>
      <AdminNav user={user} current="/admin/staff" />
      <h1>Staff accounts</h1>
      <form class="card inline-form" aria-label="New staff account" onSubmit={create}>
        <label>
          Username
          <input required value={username} placeholder="e.g. kim.nurse" onInput={(e) => setUsername(e.currentTarget.value)} />
        </label>
        <label>
          Role
          <select value={role} onChange={(e) => setRole(e.currentTarget.value)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {roleLabel(r)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Create account</button>
      </form>
      {link && <LinkToPass username={link.username} link={link.link} />}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <table class="list" aria-label="Staff accounts">
        <thead>
          <tr>
            <th scope="col">Username</th>
            <th scope="col">Role</th>
            <th scope="col">Status</th>
            <th scope="col">Since</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {staff.map((s) => (
            <tr key={s.id} class={s.active ? '' : 'muted'}>
              <td>{s.username}</td>
              <td>
                <select
                  aria-label={`Role of ${s.username}`}
                  value={s.role}
                  disabled={!s.active}
                  onChange={(e) => act(() => api.changeStaff(s.id, { role: e.currentTarget.value }))}
                >
                  {ROLES.map((r) => (
                    <option key={r} value={r}>
                      {roleLabel(r)}
                    </option>
                  ))}
                </select>
              </td>
              <td>{s.active ? 'active' : 'deactivated'}</td>
              <td>{formatTime(s.created_at)}</td>
              <td class="row-actions">
                {s.active ? (
                  <>
                    <button type="button" class="secondary" onClick={() => act(async () => setLink({ username: s.username, link: await api.passwordLink(s.id) }))}>
                      Reset password
                    </button>
                    <button
                      type="button"
                      class="danger"
                      onClick={() => confirm(`Deactivate ${s.username}? They are signed out and cannot sign in; their records stay.`) && act(() => api.changeStaff(s.id, { active: false }))}
                    >
                      Deactivate
                    </button>
                  </>
                ) : (
                  <button type="button" class="secondary" onClick={() => act(() => api.changeStaff(s.id, { active: true }))}>
                    Reactivate
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
