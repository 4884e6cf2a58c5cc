/** Runs the saved draft once with an editable sample event; shows commands, logs, the error and the timings. */
import { useState } from 'react';
import type { Action, DraftTestResult } from '../api/types';
import { useConsole } from '../components/context';
import { CommandList, ErrorMessage } from '../components/ui';
import { formatMs } from '../state/format';
import { parseEvent, sampleEvent } from '../state/triggers';

export function TestPane({ action, unsaved }: { action: Action; unsaved: boolean }) {
  const { api } = useConsole();
  const trigger = action.supported_triggers[0]?.id ?? 'post-login';
  const [text, setText] = useState(() => sampleEvent(trigger));
  const [result, setResult] = useState<DraftTestResult>();
  const [error, setError] = useState<string>();
  const [running, setRunning] = useState(false);

  const runTest = async () => {
    const parsed = parseEvent(text);
    if ('error' in parsed) {
      setError(parsed.error);
      return;
    }
    setRunning(true);
    setError(undefined);
    try {
      setResult(await api.testAction(action.id, parsed.event));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setRunning(false);
    }
  };

  return (
    <div className="test-layout">
      <section aria-labelledby="event-title" className="panel">
        <h2 id="event-title">Event</h2>
        <label htmlFor="test-event">Sample {trigger} event (JSON)</label>
        <textarea
          id="test-event"
          rows={18}
          spellCheck={false}
          value={text}
          onChange={(e) => setText(e.target.value)}
          className="mono"
        />
        <div className="actions-row">
          <button type="button" className="primary" onClick={() => void runTest()} disabled={running}>
            {running ? 'Running…' : 'Run test'}
          </button>
          <button type="button" onClick={() => setText(sampleEvent(trigger))}>
            Reset sample
          </button>
        </div>
        {unsaved && <p className="unsaved">The test runs the saved draft: save your edits first.</p>}
        <ErrorMessage error={error} />
      </section>
      <section aria-labelledby="result-title" className="panel" aria-live="polite" data-testid="test-result">
        <h2 id="result-title">Result</h2>
        {!result && <p className="help">Run the test to see what the action asks for.</p>}
        {result && <TestResult result={result} />}
      </section>
    </div>
  );
}

function TestResult({ result }: { result: DraftTestResult }) {
  return (
    <>
      <p className={result.error ? 'message message-error' : 'message message-ok'}>
        {result.error ? `${result.error.name}: ${result.error.message}` : 'Ran without error.'}
      </p>
      <h3>Commands</h3>
      <CommandList commands={result.commands} />
      <h3>Logs</h3>
      {result.logs.length === 0 ? (
        <p className="help">No logs.</p>
      ) : (
        <pre className="logs">{result.logs.join('\n')}</pre>
      )}
      {result.error?.stack && (
        <>
          <h3>Stack</h3>
          <pre className="logs">{result.error.stack}</pre>
        </>
      )}
      <h3>Timings</h3>
      <dl className="stats">
        {Object.entries(result.stats ?? {}).map(([k, v]) => (
          <div key={k}>
            <dt>{k.replace(/_/g, ' ').replace(/ ms$/, '')}</dt>
            <dd>{formatMs(v)}</dd>
          </div>
        ))}
      </dl>
    </>
  );
}
