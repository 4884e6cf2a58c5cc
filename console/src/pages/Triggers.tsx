/**
 * Triggers and their ordered bindings. Reorder by drag and drop, or by keyboard (the handle: Space, arrows, Space;
 * or the Move up / Move down buttons); add and remove. Every change is ONE PATCH of the whole list with If-Match;
 * a 412 means someone else changed the list: the console says so and reloads it.
 */
import { useEffect, useState } from 'react';
import { ApiError } from '../api/client';
import type { Binding, BindingUpdate } from '../api/types';
import { useConsole } from '../components/context';
import { useLoad } from '../components/hooks';
import { ErrorMessage, Link, Notice } from '../components/ui';
import {
  bindableActions,
  moveAnnouncement,
  moveItem,
  toBindingUpdates,
  withAdded,
  withRemoved,
} from '../state/bindings';
import { deployedLabel } from '../state/action-status';
import { executableTriggers } from '../state/triggers';
import { BindingsList } from './BindingsList';
import { HistoryTable } from './HistoryTab';

export const STALE_BINDINGS = 'These bindings were changed by someone else. The current list has been reloaded.';

export function Triggers({ triggerId }: { triggerId?: string }) {
  const { api } = useConsole();
  const triggers = useLoad(() => api.listTriggers(), [api]);
  const runnable = (triggers.data ?? []).filter((t) => t.status === 'CURRENT' && executableTriggers().includes(t.id));
  return (
    <div className="triggers-layout">
      <nav aria-label="Triggers" className="trigger-nav">
        <h1>Triggers</h1>
        <ErrorMessage error={triggers.error} />
        <ul>
          {runnable.map((t) => (
            <li key={t.id}>
              <Link to={`/triggers/${t.id}`} current={t.id === triggerId}>
                {t.id}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {triggerId ? <TriggerBindings key={triggerId} triggerId={triggerId} /> : <p>Choose a trigger to see its flow.</p>}
    </div>
  );
}

function TriggerBindings({ triggerId }: { triggerId: string }) {
  const { api } = useConsole();
  const bindings = useLoad(() => api.getBindings(triggerId), [api, triggerId]);
  const actions = useLoad(() => api.listActions(), [api]);
  const history = useLoad(() => api.bindingsHistory(triggerId), [api, triggerId]);
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [saving, setSaving] = useState(false);
  const [toAdd, setToAdd] = useState('');
  const [asOf, setAsOf] = useState('');
  const list = bindings.data?.data ?? [];
  const candidates = bindableActions(actions.data ?? [], triggerId, list);

  /** One PATCH of the whole list; `optimistic` is shown while it is in flight. */
  const replace = async (updates: BindingUpdate[], done: string, optimistic?: Binding[]) => {
    if (!bindings.data) return;
    const etag = bindings.data.etag;
    if (optimistic) bindings.setData({ data: optimistic, etag });
    setSaving(true);
    setError(undefined);
    try {
      bindings.setData(await api.updateBindings(triggerId, updates, etag));
      setNotice(done);
      void history.reload();
    } catch (e) {
      setNotice(undefined);
      setError(e instanceof ApiError && e.isStale ? STALE_BINDINGS : (e as Error).message);
      await bindings.reload();
    } finally {
      setSaving(false);
    }
  };

  const move = (from: number, to: number) => {
    if (to < 0 || to >= list.length || from === to) return;
    const next = moveItem(list, from, to);
    void replace(toBindingUpdates(next), moveAnnouncement(triggerId, list[from].display_name, to, list.length), next);
  };

  return (
    <section aria-labelledby="bindings-title" className="bindings">
      <h2 id="bindings-title">Flow of {triggerId}</h2>
      <p className="help">
        Actions run top to bottom. Drag a handle, or focus it and press Space, the arrow keys, then Space; or use Move
        up / Move down.
      </p>
      <ErrorMessage error={error ?? bindings.error?.message} />
      <Notice text={notice} />
      {bindings.data && list.length === 0 && <p>No actions are bound to this trigger.</p>}
      <BindingsList
        bindings={list}
        disabled={saving}
        onMove={move}
        onRemove={(i) => void replace(withRemoved(list, i), `${list[i].display_name} removed from ${triggerId}.`)}
      />
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          const action = candidates.find((a) => a.id === toAdd) ?? candidates[0];
          if (action) void replace(withAdded(list, action), `${action.name} added to ${triggerId}.`);
          setToAdd('');
        }}
      >
        <label htmlFor="add-binding">Deployed action</label>
        <select id="add-binding" value={toAdd} onChange={(e) => setToAdd(e.target.value)} disabled={!candidates.length}>
          {candidates.length === 0 && <option value="">No deployed action left to bind</option>}
          {candidates.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name} (v{a.deployed_version?.number})
            </option>
          ))}
        </select>
        <button type="submit" disabled={saving || candidates.length === 0}>
          Add to flow
        </button>
      </form>
      <details className="panel">
        <summary>History of these bindings</summary>
        <PastFlow triggerId={triggerId} asOf={asOf} onChange={setAsOf} />
        {history.data && (
          <HistoryTable
            entries={history.data}
            caption={`History of the bindings of ${triggerId}`}
            onPick={(entry) => setAsOf(entry.position)}
          />
        )}
      </details>
    </section>
  );
}

/** The flow as it was at a time or log position (`as_of`, docs/audit.md): which actions ran, in which order. */
function PastFlow(props: { triggerId: string; asOf: string; onChange(asOf: string): void }) {
  const { api } = useConsole();
  const [text, setText] = useState(props.asOf);
  const past = useLoad(
    async () => (props.asOf ? (await api.getBindings(props.triggerId, props.asOf)).data : undefined),
    [api, props.triggerId, props.asOf],
  );
  useEffect(() => setText(props.asOf), [props.asOf]);
  return (
    <div data-testid="past-flow">
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          props.onChange(text.trim());
        }}
      >
        <label htmlFor="as-of">As of (ISO time or log position)</label>
        <input id="as-of" value={text} onChange={(e) => setText(e.target.value)} placeholder="2026-11-25T14:03:00Z" />
        <button type="submit" disabled={!text.trim()}>
          Show the flow then
        </button>
      </form>
      <ErrorMessage error={past.error} />
      {props.asOf && past.data && (
        <>
          <h3>
            Flow of {props.triggerId} as of {props.asOf}
          </h3>
          {past.data.length === 0 ? (
            <p>No actions were bound then.</p>
          ) : (
            <ol>
              {past.data.map((b) => (
                <li key={b.id}>
                  {b.display_name} (running {deployedLabel(b.action)})
                </li>
              ))}
            </ol>
          )}
        </>
      )}
    </div>
  );
}
