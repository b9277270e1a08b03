import { useState } from 'preact/hooks';
import { api, ApiError, StaffUser } from '../api';

export function SignInPage({ onSignedIn }: { onSignedIn: (user: StaffUser) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError('');
    try {
      onSignedIn(await api.signIn(username.trim(), password));
    } catch (e) {
      setError(e instanceof ApiError ? e.detail || e.title : 'The server could not be reached.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="signin">
      <form class="card" onSubmit={submit} aria-labelledby="signin-title">
        <h1 id="signin-title">Plasticity</h1>
        <p class="muted">Sign in with your staff account.</p>
        <label>
          Username
          <input name="username" autocomplete="username" value={username} required
            onInput={(e) => setUsername(e.currentTarget.value)} />
        </label>
        <label>
          Password
          <input name="password" type="password" autocomplete="current-password" value={password} required
            onInput={(e) => setPassword(e.currentTarget.value)} />
        </label>
        {error && <p class="error" role="alert">{error}</p>}
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
