/** Look up an execution by id: its status, and per action the version, outcome and duration; commands and logs. */
import { useEffect, useState, type FormEvent } from 'react';
import type { Execution } from '../api/types';
import { useConsole } from '../components/context';
import { CommandList, ErrorMessage, TableHeader } from '../components/ui';
import { durationMs, formatMs, formatTime } from '../state/format';
import { navigate } from '../state/router';

export function Executions({ executionId }: { executionId?: string }) {
  const { api } = useConsole();
  const [id, setId] = useState(executionId ?? '');
  const [execution, setExecution] = useState<Execution>();
  const [error, setError] = useState<Error>();

  useEffect(() => {
    if (!executionId) return;
    setError(undefined);
    setExecution(undefined);
    api.getExecution(executionId).then(setExecution, (e: Error) => setError(e));
  }, [api, executionId]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (id.trim()) navigate(`/executions/${encodeURIComponent(id.trim())}`);
  };

  return (
    <section>
      <h1>Executions</h1>
      <form onSubmit={submit} className="inline-form">
        <label htmlFor="execution-id">Execution id</label>
        <input id="execution-id" value={id} onChange={(e) => setId(e.target.value)} autoComplete="off" size={40} />
        <button type="submit" className="primary" disabled={!id.trim()}>
          Look up
        </button>
      </form>
      <ErrorMessage error={error} />
      {execution && <ExecutionView execution={execution} />}
    </section>
  );
}

function ExecutionView({ execution }: { execution: Execution }) {
  return (
    <div data-testid="execution">
      <h2>
        Execution of {execution.trigger_id}:{' '}
        <span className={`badge status-${execution.status}`}>{execution.status}</span>
      </h2>
      <p className="meta">
        {execution.id} · {formatTime(execution.created_at)}
      </p>
      <table className="table">
        <TableHeader
          caption="Actions of this execution, in the order they ran"
          columns={['Action', 'Version', 'Status', 'Duration']}
        />
        <tbody>
          {execution.results.map((r, i) => (
            <tr key={i}>
              <th scope="row">{r.action_name}</th>
              <td>
                <code>{r.version_id}</code>
              </td>
              <td>{r.error ? `failed: ${r.error.msg}` : 'succeeded'}</td>
              <td>{formatMs(durationMs(r.started_at, r.ended_at))}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Commands</h3>
      <CommandList commands={execution.commands ?? []} />
      <h3>Logs</h3>
      {(execution.logs ?? []).every((l) => l.lines.length === 0) ? (
        <p className="help">No logs.</p>
      ) : (
        (execution.logs ?? []).map((l) => (
          <div key={l.action_name}>
            <h4>{l.action_name}</h4>
            <pre className="logs">{l.lines.join('\n')}</pre>
          </div>
        ))
      )}
    </div>
  );
}
