/**
 * A stored execution record has a hard size (EXECUTION_RECORD_MAX_BYTES, 2 MiB by default) that every execution
 * store enforces on write: `fitExecution` answers the JSON to store, never longer than the bound. The execution's
 * budgets (execution-budget.ts) keep ordinary records far below it; what can still push one past it is the event
 * a suspended execution keeps for /continue, or an operator's raised budgets. Then, in this order and only as far
 * as needed: log lines are dropped, command arguments are replaced by a marker, error texts are cut, and last the
 * continuation is dropped (that execution can no longer be continued; the record says why).
 * See docs/security.md, "Sandbox".
 */
import type { ExecutionRecord } from './execution-record';
import type { StoredExecution } from './execution-store';

export const DEFAULT_RECORD_MAX_BYTES = 2 * 1024 * 1024;

const TRIMMED = (max: number) =>
  `[omitted: the execution record reached its size limit of ${max} bytes (EXECUTION_RECORD_MAX_BYTES)]`;
const ERROR_TEXT_KEPT = 256;

type Step = (e: StoredExecution, max: number) => StoredExecution;

const steps: Step[] = [
  (e, max) =>
    withRecord(e, { logs: e.record.logs.map((l) => ({ action_name: l.action_name, lines: [TRIMMED(max)] })) }),
  (e, max) => withRecord(e, { commands: e.record.commands.map((c) => ({ ...c, args: [TRIMMED(max)] })) }),
  (e) =>
    withRecord(e, {
      results: e.record.results.map((r) => ({
        ...r,
        ...(r.error ? { error: { ...r.error, msg: cut(r.error.msg) } } : {}),
        ...(r.response
          ? {
              response: {
                ...r.response,
                ...(r.response.error
                  ? { error: { name: cut(r.response.error.name), message: cut(r.response.error.message) } }
                  : {}),
              },
            }
          : {}),
      })),
    }),
  (e, max) => {
    const { continuation: _dropped, ...rest } = e;
    const note = { action_name: '', lines: [`${TRIMMED(max)}; this execution can no longer be continued`] };
    return withRecord(rest, {
      logs: [...rest.record.logs, note],
      ...(rest.record.redirect
        ? { redirect: { url: cut(rest.record.redirect.url), state: rest.record.redirect.state } }
        : {}),
    });
  },
];

/**
 * The JSON of the stored execution, trimmed as far as needed to be at most `maxBytes` long. `recordJson`: the record
 * already serialised (the executor's answer), so a record within the bound is serialised once for both.
 */
export function fitExecution(execution: StoredExecution, maxBytes: number, recordJson?: string): string {
  let current = execution;
  let json =
    recordJson !== undefined && !execution.continuation
      ? `{"tenantId":${JSON.stringify(execution.tenantId)},"record":${recordJson}}`
      : JSON.stringify(current);
  for (const step of steps) {
    if (Buffer.byteLength(json, 'utf8') <= maxBytes) return json;
    current = step(current, maxBytes);
    json = JSON.stringify(current);
  }
  if (Buffer.byteLength(json, 'utf8') <= maxBytes) return json;
  // Only reachable with a bound smaller than a bare record: keep what identifies the execution.
  const { id, trigger_id, status, created_at, updated_at } = current.record;
  return JSON.stringify({
    tenantId: current.tenantId,
    record: {
      id,
      trigger_id,
      status,
      results: [],
      commands: [],
      logs: [{ action_name: '', lines: [TRIMMED(maxBytes)] }],
      created_at,
      updated_at,
    },
  });
}

function withRecord(e: StoredExecution, changes: Partial<ExecutionRecord>): StoredExecution {
  return { ...e, record: { ...e.record, ...changes } };
}

function cut(text: string): string {
  return text.length > ERROR_TEXT_KEPT
    ? `${text.slice(0, ERROR_TEXT_KEPT)}… [truncated ${text.length - ERROR_TEXT_KEPT} chars]`
    : text;
}
