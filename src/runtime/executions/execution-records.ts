/**
 * How a trigger's execution is written into its record (execution-record.ts) as TriggerExecutor runs it: one
 * result per action that ran (with its commands and logs), the suspension of a redirect or a prompt (the state
 * to continue with, kept only as its hash in the stored continuation), and how long the record is kept.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { StopReason } from '../api/api-host';
import type { FlowContext } from '../api/api-spec';
import type { RunnableVersion } from '../runtime.ports';
import type { ActionRunResult } from './action-runner';
import type { ExecutionRecord } from './execution-record';
import type { StoredExecution } from './execution-store';

/** One action of a trigger's chain: its version, the handler to run and its place in the binding order. */
export interface Step {
  version: RunnableVersion;
  handler: string;
  phase: FlowContext['phase'];
  index: number;
}

export const hashState = (s: string) => createHash('sha256').update(s).digest('hex');

export function recordRun(
  record: ExecutionRecord,
  step: Step,
  startedAt: string,
  endedAt: string,
  run: ActionRunResult,
): void {
  const { outcome } = run;
  record.commands.push(...run.commands);
  if (outcome.logs.length > 0) record.logs.push({ action_name: step.version.actionName, lines: outcome.logs });
  record.results.push({
    ...resultBase(step, startedAt, endedAt),
    ...(outcome.error
      ? { error: { id: outcome.error.kind, msg: `${outcome.error.name}: ${outcome.error.message}` } }
      : {}),
    response: {
      ...(outcome.error ? { error: { name: outcome.error.name, message: outcome.error.message } } : {}),
      stats: { action_duration_ms: round(outcome.runMs), boot_duration_ms: round(outcome.bootMs) },
    },
  });
}

export function resultBase(step: Step, startedAt: string, endedAt: string) {
  const { version } = step;
  return {
    action_name: version.actionName,
    binding_id: version.bindingId,
    version_id: version.versionId,
    started_at: startedAt,
    ended_at: endedAt,
  };
}

export function suspend(
  stored: StoredExecution,
  step: Step,
  flow: FlowContext,
  stop: Extract<StopReason, { kind: 'redirect' | 'prompt' }>,
): void {
  const state = randomBytes(24).toString('base64url');
  stored.record.status = 'suspended';
  if (stop.kind === 'prompt') {
    stored.record.prompt = { id: stop.promptId, state, ...(stop.options ? { options: stop.options } : {}) };
  } else {
    const url = new URL(stop.url);
    for (const [k, v] of Object.entries(stop.query ?? {}))
      url.searchParams.set(k, typeof v === 'string' ? v : JSON.stringify(v));
    url.searchParams.set('state', state);
    stored.record.redirect = { url: url.toString(), state };
  }
  stored.continuation = {
    stateHash: hashState(state),
    bindingId: step.version.bindingId,
    actionIndex: step.index,
    event: flow.event,
    facts: [...flow.facts],
  };
}

/** When the record expires (ms since the epoch): its creation plus EXECUTION_RETENTION_MS. */
export function expiryOf(record: ExecutionRecord, retentionMs: number): number {
  return Date.parse(record.created_at) + retentionMs;
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
