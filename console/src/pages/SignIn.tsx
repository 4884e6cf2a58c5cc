/** Sign-in: paste a token, or the OIDC authorization-code + PKCE flow when the service names an issuer. */
import { useEffect, useState, type FormEvent } from 'react';
import { beginLogin, completeLogin } from '../auth/oidc';
import { useConsole } from '../components/context';
import { ErrorMessage } from '../components/ui';
import { navigate } from '../state/router';

export function SignIn() {
  const { settings, signedIn } = useConsole();
  const [token, setToken] = useState('');
  const [error, setError] = useState<string>();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    try {
      signedIn(token);
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const oidc = async () => {
    if (!settings.oidc) return;
    try {
      const returnTo = location.pathname.replace(/^\/console/, '') || '/actions';
      location.assign(await beginLogin(settings.oidc, sessionStorage, location.origin, returnTo));
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <section className="signin">
      <h1>Sign in to the console</h1>
      {settings.oidc && (
        <>
          <button type="button" className="primary" onClick={() => void oidc()}>
            Sign in with {new URL(settings.oidc.issuer).host}
          </button>
          <p className="or">or paste an access token</p>
        </>
      )}
      <form onSubmit={submit}>
        <label htmlFor="token">Access token</label>
        <p id="token-help" className="help">
          A JWT for this service with the actions scopes (for example from <code>npm run token</code>). It is kept in
          this tab only.
        </p>
        <textarea
          id="token"
          aria-describedby="token-help"
          rows={5}
          value={token}
          onChange={(e) => setToken(e.target.value)}
          spellCheck={false}
          autoComplete="off"
        />
        <ErrorMessage error={error} />
        <button type="submit" className="primary" disabled={token.trim() === ''}>
          Sign in
        </button>
      </form>
    </section>
  );
}

export function Callback({ search }: { search: string }) {
  const { settings, signedIn } = useConsole();
  const [error, setError] = useState<string>();
  useEffect(() => {
    if (!settings.oidc) {
      setError('This service has no OIDC sign-in configured.');
      return;
    }
    completeLogin(settings.oidc, search, sessionStorage).then(
      ({ accessToken, returnTo }) => {
        signedIn(accessToken);
        navigate(returnTo.startsWith('/') ? returnTo : '/actions', true);
      },
      (err: Error) => setError(err.message),
    );
    // runs once per callback
  }, []);
  return (
    <section>
      <h1>Signing in…</h1>
      <ErrorMessage error={error} />
    </section>
  );
}
