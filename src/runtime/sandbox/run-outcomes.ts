/**
 * What a run of the sandbox is (ActionRun) and what it answers (ActionOutcome), the error a failed call answers
 * (an action error, the memory cap, the deadline, a reset of the isolate), and what a run's call is made of: its
 * contexts' key, its module's file name, the time it has left, its secrets as JSON.
 */
import type { ActionApiHost } from '../api/api-host';
import type { Artifact } from './context-boot';
import { IsolateLostError } from './isolate-loss';
import { IsolatePool, limitHit } from './isolate-pool';
import type { LogBudget, Redactor } from './log-collector';
import type { TenantIsolate } from './tenant-isolate';

export interface ActionRun {
  /** Which isolate: the tenant for live executions, a separate key for draft tests. */
  isolationKey: string;
  /**
   * Which warm contexts this run may reuse: one deployed version (`version:<id>`), or one action's draft as it
   * stands (`draft:<action id>:<content hash>`). Never the code's hash alone: two actions with the same code must
   * not share module state (one's secrets would be visible to the other).
   */
  contextKey: string;
  actionName: string;
  artifact: Artifact;
  handler: string;
  /** The event without secrets: the runs of a series share it (runSeries). */
  event: Record<string, unknown>;
  /** The version's secrets, set as `event.secrets` inside the isolate. */
  secrets?: Record<string, string>;
  host: ActionApiHost;
  /** Epoch ms by which the run must be over (the trigger's wall-time budget). */
  deadline: number;
  /** Scrubs the run's secret values from log lines and error text (tenant-view.ts); none when absent. */
  redact?: Redactor;
  /** What the whole execution may still log (shared by its actions); unbounded when absent. */
  logBudget?: LogBudget;
}

export interface ThrownError {
  name: string;
  message: string;
  stack: string;
}

export type OutcomeError = ThrownError & { kind: 'action_error' | 'action_timeout' | 'platform_error' };

export interface ActionOutcome {
  error?: OutcomeError;
  logs: string[];
  /** Time spent getting a ready context (0-ish when warm). */
  bootMs: number;
  /** Time spent in the handler. */
  runMs: number;
}

/** The error of a call that threw; hitting the memory cap disposes the isolate. */
export function classify(
  e: unknown,
  req: ActionRun,
  pool: IsolatePool,
  tenant: TenantIsolate,
  memoryLimitMb: number,
): OutcomeError {
  const error = e as Partial<Error> | undefined;
  const message = String(error?.message ?? e);
  const limit = e instanceof IsolateLostError ? 'memory' : limitHit(e);
  if (limit === 'memory') {
    pool.discard(req.isolationKey, tenant);
    return {
      name: 'RangeError',
      message: `The action exceeded the sandbox memory limit of ${memoryLimitMb} MB`,
      stack: '',
      kind: 'action_error',
    };
  }
  if (limit === 'timeout') return timeoutError();
  if (tenant.disposed) {
    return {
      name: 'Error',
      message: 'The sandbox was reset while this action ran (another run in it hit a limit); retry',
      stack: '',
      kind: 'platform_error',
    };
  }
  return { name: String(error?.name ?? 'Error'), message, stack: String(error?.stack ?? ''), kind: 'action_error' };
}

export function timeoutError(): OutcomeError {
  return {
    name: 'Error',
    message: 'The action did not finish within the execution time limit',
    stack: '',
    kind: 'action_timeout',
  };
}

/** A version's secrets as JSON, made once per secrets object (a deployed version keeps its object while bound). */
const secretsJsonOf = new WeakMap<Record<string, string>, string>();
export function secretsJson(secrets: Record<string, string>): string {
  let json = secretsJsonOf.get(secrets);
  if (json === undefined) secretsJsonOf.set(secrets, (json = JSON.stringify(secrets)));
  return json;
}

/** The warm contexts a run may use: its version's (or draft's) for its trigger. */
export function contextKeyOf(run: ActionRun): string {
  return `${run.contextKey}:${run.host.triggerId}`;
}

/** The file name an action's module is compiled under: the only file its errors' stacks may name. */
export function actionFile(actionName: string): string {
  return `action:${actionName}`;
}

export function remaining(req: ActionRun): number {
  return Math.max(1, Math.floor(req.deadline - Date.now()));
}
