/**
 * The draft's secrets (write-only: a value is typed, never shown back; saved ones show their fingerprint) and its
 * npm dependencies. Edits stay local until Save.
 */
import { useState, type FormEvent } from 'react';
import type { Dependency, SecretInfo } from '../api/types';
import { formatTime } from '../state/format';

export interface SecretEdit {
  name: string;
  value: string;
}

export function SecretsPanel(props: {
  saved: SecretInfo[];
  edits: SecretEdit[];
  removed: string[];
  onChange(edits: SecretEdit[], removed: string[]): void;
}) {
  const [name, setName] = useState('');
  const [value, setValue] = useState('');
  const add = (e: FormEvent) => {
    e.preventDefault();
    const n = name.trim();
    if (!n || value === '') return;
    props.onChange(
      [...props.edits.filter((s) => s.name !== n), { name: n, value }],
      props.removed.filter((r) => r !== n),
    );
    setName('');
    setValue('');
  };
  const remove = (n: string) =>
    props.onChange(
      props.edits.filter((s) => s.name !== n),
      props.saved.some((s) => s.name === n) ? [...props.removed, n] : props.removed,
    );
  const pendingNames = new Set(props.edits.map((e) => e.name));
  const rows = [
    ...props.saved.filter((s) => !props.removed.includes(s.name)),
    ...props.edits.filter((e) => !props.saved.some((s) => s.name === e.name)).map((e) => ({ name: e.name })),
  ];
  return (
    <section className="panel" aria-labelledby="secrets-title">
      <h2 id="secrets-title">Secrets</h2>
      {rows.length === 0 ? (
        <p className="help">No secrets. Values are write-only: once saved, only a fingerprint is shown.</p>
      ) : (
        <ul className="plain-list">
          {rows.map((s) => (
            <li key={s.name}>
              <code>{s.name}</code>{' '}
              {pendingNames.has(s.name) ? (
                <span className="unsaved">new value, unsaved</span>
              ) : (
                <span className="help" title={`updated ${formatTime((s as SecretInfo).updated_at)}`}>
                  fingerprint {(s as SecretInfo).fingerprint?.slice(0, 16) ?? '—'}
                </span>
              )}{' '}
              <button
                type="button"
                className="small"
                onClick={() => remove(s.name)}
                aria-label={`Remove secret ${s.name}`}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={add} className="inline-form">
        <label htmlFor="secret-name">Secret name</label>
        <input id="secret-name" value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />
        <label htmlFor="secret-value">Secret value</label>
        <input
          id="secret-value"
          type="password"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          autoComplete="new-password"
        />
        <button type="submit" disabled={!name.trim() || value === ''}>
          Set secret
        </button>
      </form>
    </section>
  );
}

export function DependenciesPanel(props: { dependencies: Dependency[]; onChange(deps: Dependency[]): void }) {
  const [name, setName] = useState('');
  const [version, setVersion] = useState('');
  const add = (e: FormEvent) => {
    e.preventDefault();
    const n = name.trim();
    if (!n) return;
    const v = version.trim() || 'latest';
    props.onChange([...props.dependencies.filter((d) => d.name !== n), { name: n, version: v }]);
    setName('');
    setVersion('');
  };
  return (
    <section className="panel" aria-labelledby="deps-title">
      <h2 id="deps-title">Dependencies</h2>
      {props.dependencies.length === 0 ? (
        <p className="help">No npm dependencies.</p>
      ) : (
        <ul className="plain-list">
          {props.dependencies.map((d) => (
            <li key={d.name}>
              <code>
                {d.name}@{d.version}
              </code>{' '}
              <button
                type="button"
                className="small"
                onClick={() => props.onChange(props.dependencies.filter((x) => x.name !== d.name))}
                aria-label={`Remove dependency ${d.name}`}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={add} className="inline-form">
        <label htmlFor="dep-name">Package</label>
        <input id="dep-name" value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />
        <label htmlFor="dep-version">Version</label>
        <input
          id="dep-version"
          value={version}
          placeholder="latest"
          onChange={(e) => setVersion(e.target.value)}
          autoComplete="off"
        />
        <button type="submit" disabled={!name.trim()}>
          Add dependency
        </button>
      </form>
    </section>
  );
}
