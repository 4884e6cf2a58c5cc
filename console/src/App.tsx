/** The console's shell: sign-in gate, header and navigation, and the screens by path. */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { ApiClient } from './api/client';
import { Session } from './auth/session';
import { Console, type ConsoleContext, type ConsoleSettings } from './components/context';
import { Link } from './components/ui';
import { match, navigate, useLocationPath } from './state/router';
import { SignIn, Callback } from './pages/SignIn';
import { ActionsList } from './pages/ActionsList';
import { CreateAction } from './pages/CreateAction';
import { ActionEditor } from './pages/ActionEditor';
import { Triggers } from './pages/Triggers';
import { Executions } from './pages/Executions';

const SECTIONS = [
  { path: '/actions', label: 'Actions' },
  { path: '/triggers', label: 'Triggers' },
  { path: '/executions', label: 'Executions' },
];

export function App({ settings }: { settings: ConsoleSettings }) {
  const session = useMemo(() => new Session(sessionStorage), []);
  const [user, setUser] = useState(() => session.current());
  const signOut = useCallback(() => {
    session.signOut();
    setUser(undefined);
  }, [session]);
  const api = useMemo(
    () => new ApiClient({ apiBase: settings.apiBase, token: () => session.token, onUnauthorized: signOut }),
    [settings.apiBase, session, signOut],
  );
  const context: ConsoleContext = {
    api,
    session,
    settings,
    user,
    signedIn: (token) => setUser(session.signIn(token)),
    signOut,
  };
  const { path, search } = useLocationPath();

  let screen;
  if (match('/callback', path)) screen = <Callback search={search} />;
  else if (!user) screen = <SignIn />;
  else screen = route(path);

  return (
    <Console.Provider value={context}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <span className="brand">Open Actions</span>
        {user && (
          <>
            <nav aria-label="Sections">
              <ul>
                {SECTIONS.map((s) => (
                  <li key={s.path}>
                    <Link to={s.path} current={path.startsWith(s.path)}>
                      {s.label}
                    </Link>
                  </li>
                ))}
              </ul>
            </nav>
            <span className="who">
              {user.subject ?? 'signed in'}
              {user.tenant ? ` · tenant ${user.tenant}` : ''}
            </span>
            <button type="button" onClick={signOut}>
              Sign out
            </button>
          </>
        )}
      </header>
      <main id="main" tabIndex={-1}>
        {screen}
      </main>
    </Console.Provider>
  );
}

function route(path: string) {
  let p: Record<string, string> | null;
  if (path === '/' || path === '/signin') return <Redirect to="/actions" />;
  if (match('/actions', path)) return <ActionsList />;
  if (match('/actions/new', path)) return <CreateAction />;
  if ((p = match('/actions/:id', path))) return <ActionEditor key={p.id} id={p.id} tab="code" />;
  if ((p = match('/actions/:id/:tab', path))) return <ActionEditor key={p.id} id={p.id} tab={p.tab} />;
  if (match('/triggers', path)) return <Triggers />;
  if ((p = match('/triggers/:id', path))) return <Triggers triggerId={p.id} />;
  if (match('/executions', path)) return <Executions />;
  if ((p = match('/executions/:id', path))) return <Executions executionId={p.id} />;
  return (
    <section>
      <h1>Not found</h1>
      <p>
        Nothing lives at this address. <Link to="/actions">Go to the actions</Link>.
      </p>
    </section>
  );
}

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, true), [to]);
  return null;
}
