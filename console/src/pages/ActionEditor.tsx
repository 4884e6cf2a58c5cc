/**
 * One action: its header (build status updating while it builds, the running version, Save and Deploy) and tabs for
 * the code with its secrets and dependencies, the Test pane, the versions (diff, rollback) and the audit history.
 */
import { lazy, Suspense, useCallback, useState } from 'react';
import { ApiError } from '../api/client';
import type { Action, Dependency } from '../api/types';
import { useConsole } from '../components/context';
import { useLoad, usePolling } from '../components/hooks';
import { ErrorMessage, Link, Notice, StatusBadge } from '../components/ui';
import { canDeploy, deployedLabel, isBuilding, secretsPatch } from '../state/action-status';
import { DependenciesPanel, SecretsPanel, type SecretEdit } from './DraftPanels';
import { TestPane } from './TestPane';
import { VersionsTab } from './VersionsTab';
import { HistoryTab } from './HistoryTab';

const CodeEditor = lazy(() => import('../components/CodeEditor'));

const TABS = [
  { id: 'code', label: 'Code' },
  { id: 'test', label: 'Test' },
  { id: 'versions', label: 'Versions' },
  { id: 'history', label: 'History' },
];

interface Draft {
  code: string;
  dependencies: Dependency[];
  secretEdits: SecretEdit[];
  removedSecrets: string[];
}

function draftOf(action: Action): Draft {
  return { code: action.code, dependencies: action.dependencies ?? [], secretEdits: [], removedSecrets: [] };
}

function changed(draft: Draft, action: Action): boolean {
  return (
    draft.code !== action.code ||
    JSON.stringify(draft.dependencies) !== JSON.stringify(action.dependencies ?? []) ||
    draft.secretEdits.length > 0 ||
    draft.removedSecrets.length > 0
  );
}

export function ActionEditor({ id, tab }: { id: string; tab: string }) {
  const { api } = useConsole();
  const [draft, setDraft] = useState<Draft>();
  const loaded = useLoad(async () => {
    const tagged = await api.getAction(id);
    setDraft(draftOf(tagged.data));
    return tagged;
  }, [api, id]);
  const [notice, setNotice] = useState<string>();
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);
  const action = loaded.data?.data;

  // The build status (and ETag) follow the service while the draft builds; the edited draft is left alone.
  usePolling(isBuilding(action), async () => {
    const latest = await api.getAction(id);
    loaded.setData(latest);
    if (latest.data.status === 'built') setNotice('The draft is built.');
    if (latest.data.status === 'failed') setNotice(undefined); // the errors show below the title
  });

  const run = useCallback(async (work: () => Promise<string>) => {
    setBusy(true);
    setError(undefined);
    try {
      setNotice(await work());
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  }, []);

  if (!action || !draft) {
    return <section>{loaded.error ? <ErrorMessage error={loaded.error} /> : <p>Loading…</p>}</section>;
  }
  const dirty = changed(draft, action);

  const save = () =>
    run(async () => {
      try {
        const saved = await api.updateAction(
          id,
          {
            code: draft.code,
            dependencies: draft.dependencies,
            secrets: secretsPatch(draft.secretEdits, draft.removedSecrets, action.secrets ?? []),
          },
          loaded.data?.etag ?? null,
        );
        loaded.setData(saved);
        setDraft(draftOf(saved.data));
        return 'Saved. Building the draft…';
      } catch (e) {
        if (e instanceof ApiError && e.isStale) {
          await loaded.reload();
          throw new Error('This action was changed by someone else; reloaded the latest draft (your edits are lost).');
        }
        throw e;
      }
    });
  const deploy = () =>
    run(async () => {
      const version = await api.deployAction(id);
      loaded.setData(await api.getAction(id));
      return `Version ${version.number} deployed.`;
    });

  return (
    <section className="editor-page">
      <div className="title-row">
        <h1>{action.name}</h1>
        <StatusBadge action={action} />
        <span className="meta">
          {action.supported_triggers.map((t) => t.id).join(', ')} · running{' '}
          <span data-testid="deployed-version">{deployedLabel(action)}</span>
          {action.deployed_version && !action.all_changes_deployed ? ' · draft has undeployed changes' : ''}
        </span>
        <div className="spacer" />
        {dirty && <span className="unsaved">Unsaved changes</span>}
        <button type="button" onClick={() => void save()} disabled={busy || !dirty}>
          Save
        </button>
        <button
          type="button"
          className="primary"
          onClick={() => void deploy()}
          disabled={busy || dirty || !canDeploy(action)}
        >
          Deploy
        </button>
      </div>
      {action.status === 'failed' && (
        <div role="alert" className="message message-error">
          <strong>The build failed:</strong>
          <ul>
            {(action.errors ?? []).map((e, i) => (
              <li key={i}>{e.msg}</li>
            ))}
          </ul>
        </div>
      )}
      <ErrorMessage error={error} />
      <Notice text={notice} />
      <nav aria-label="Action sections" className="tabs">
        <ul>
          {TABS.map((t) => (
            <li key={t.id}>
              <Link to={t.id === 'code' ? `/actions/${id}` : `/actions/${id}/${t.id}`} current={tab === t.id}>
                {t.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {tab === 'code' && (
        <div className="code-layout">
          <Suspense fallback={<p>Loading the editor…</p>}>
            <CodeEditor label="Action code" value={draft.code} onChange={(code) => setDraft({ ...draft, code })} />
          </Suspense>
          <aside aria-label="Secrets and dependencies" className="side-panels">
            <SecretsPanel
              saved={action.secrets ?? []}
              edits={draft.secretEdits}
              removed={draft.removedSecrets}
              onChange={(secretEdits, removedSecrets) => setDraft({ ...draft, secretEdits, removedSecrets })}
            />
            <DependenciesPanel
              dependencies={draft.dependencies}
              onChange={(dependencies) => setDraft({ ...draft, dependencies })}
            />
          </aside>
        </div>
      )}
      {tab === 'test' && <TestPane action={action} unsaved={dirty} />}
      {tab === 'versions' && <VersionsTab action={action} onRolledBack={() => void loaded.reload()} />}
      {tab === 'history' && <HistoryTab actionId={id} />}
    </section>
  );
}
