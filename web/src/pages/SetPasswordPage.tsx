// The page a password link opens: no sign-in, the link is the proof. The member chooses a password
// (at least 12 characters) and then signs in with it.
import { useState } from 'preact/hooks';
import { api, problemText } from '../api';

export function SetPasswordPage({ token }: { token: string }) {
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [done, setDone] = useState(false);
  const [error, setError] = useState('');
  const submit = async (event: Event) => {
    event.preventDefault();
    if (password !== repeat) return setError('The two passwords differ.');
    try {
      await api.setPassword(token, password);
      setDone(true);
    } catch (e) {
      setError(problemText(e));
    }
  };
  return (
    <main class="patient-page">
      <section class="card">
        <h1>Set your password</h1>
        {done ? (
          <p role="status">
            Your password is set. <a href="/">Sign in</a>.
          </p>
        ) : (
          <form class="form" onSubmit={submit}>
            <label>
              New password (at least 12 characters)
              <input type="password" autoComplete="new-password" required minLength={12} value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
            </label>
            <label>
              The same again
              <input type="password" autoComplete="new-password" required value={repeat} onInput={(e) => setRepeat(e.currentTarget.value)} />
            </label>
            {error && (
              <p class="error" role="alert">
                {error}
              </p>
            )}
            <button type="submit">Set password</button>
          </form>
        )}
      </section>
    </main>
  );
}
