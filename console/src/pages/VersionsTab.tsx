/** Versions: the history of immutable versions, a side-by-side diff of any two, and rollback with confirmation. */
import { useEffect, useState } from 'react';
import type { Action, Version, VersionDiff } from '../api/types';
import { useConsole } from '../components/context';
import { useLoad } from '../components/hooks';
import { ConfirmDialog, ErrorMessage, Notice } from '../components/ui';
import { formatTime } from '../state/format';
import { DiffView } from './DiffView';

export function VersionsTab({ action, onRolledBack }: { action: Action; onRolledBack(): void }) {
  const { api } = useConsole();
  const versions = useLoad(() => api.listVersions(action.id), [api, action.id, action.deployed_version?.id]);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [diff, setDiff] = useState<VersionDiff>();
  const [error, setError] = useState<Error>();
  const [confirming, setConfirming] = useState<Version>();
  const [notice, setNotice] = useState<string>();
  const list = versions.data ?? [];

  useEffect(() => {
    if (list.length >= 2 && !from && !to) {
      setFrom(list[1].id);
      setTo(list[0].id);
    }
  }, [list, from, to]);

  const compare = async () => {
    setError(undefined);
    try {
      setDiff(await api.diffVersions(action.id, from, to));
    } catch (e) {
      setError(e as Error);
    }
  };
  const rollback = async (version: Version) => {
    setConfirming(undefined);
    setError(undefined);
    try {
      const created = await api.rollback(action.id, version.id);
      setNotice(`Rolled back: version ${created.number} runs the code of version ${version.number}.`);
      await versions.reload();
      onRolledBack();
    } catch (e) {
      setError(e as Error);
    }
  };

  if (versions.data && list.length === 0) return <p>No versions yet: deploy the draft to make version 1.</p>;
  return (
    <div>
      <ErrorMessage error={error ?? versions.error} />
      <Notice text={notice} />
      <table className="table">
        <caption className="visually-hidden">Versions of {action.name}, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Created</th>
            <th scope="col">State</th>
            <th scope="col">
              <span className="visually-hidden">Rollback</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {list.map((v) => (
            <tr key={v.id}>
              <th scope="row">Version {v.number}</th>
              <td>{formatTime(v.created_at)}</td>
              <td>{v.deployed ? <span className="badge badge-built">Running</span> : ''}</td>
              <td>
                {!v.deployed && (
                  <button type="button" className="small" onClick={() => setConfirming(v)}>
                    Roll back to version {v.number}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {list.length >= 2 && (
        <section aria-labelledby="compare-title" className="panel">
          <h2 id="compare-title">Compare versions</h2>
          <div className="inline-form">
            <label htmlFor="diff-from">From</label>
            <select id="diff-from" value={from} onChange={(e) => setFrom(e.target.value)}>
              {list.map((v) => (
                <option key={v.id} value={v.id}>
                  Version {v.number}
                </option>
              ))}
            </select>
            <label htmlFor="diff-to">To</label>
            <select id="diff-to" value={to} onChange={(e) => setTo(e.target.value)}>
              {list.map((v) => (
                <option key={v.id} value={v.id}>
                  Version {v.number}
                </option>
              ))}
            </select>
            <button type="button" onClick={() => void compare()} disabled={!from || !to}>
              Compare
            </button>
          </div>
          {diff && <DiffView diff={diff} />}
        </section>
      )}
      <ConfirmDialog
        open={!!confirming}
        title={`Roll back to version ${confirming?.number ?? ''}?`}
        confirmLabel="Roll back"
        onConfirm={() => confirming && void rollback(confirming)}
        onCancel={() => setConfirming(undefined)}
      >
        <p>
          This makes a new version with the code, dependencies and secrets of version {confirming?.number}, deploys it
          at once (the trigger's bindings run it from now on), and makes it the draft.
        </p>
      </ConfirmDialog>
    </div>
  );
}
