/**
 * The actions of a series (Sandbox.runSeries), one Step each: its log collector, the warm context it is attached to
 * (its host calls and Node operations go to its own execution), how a chain's steps hand each other the results of
 * the earlier ones, and the outcomes of the steps that ran.
 */
import { EgressLimits, EgressSession } from '../egress/egress-client';
import type { EgressPolicy } from '../egress/egress-policy';
import type { ChainStepResult } from './chain-dispatch';
import type { WarmContext } from './context-boot';
import { LogCollector, Redactor } from './log-collector';
import { NodeHostSession, settlerFor } from './node-env/host-bridge';
import { ActionOutcome, ActionRun, actionFile, contextKeyOf, OutcomeError, remaining } from './run-outcomes';
import type { SandboxOptions } from './sandbox-options';
import type { TenantIsolate } from './tenant-isolate';
import { tenantError } from './tenant-view';

/** One action of a series: its run, its context while checked out, and what its outcome needs. */
export interface Step {
  run: ActionRun;
  warm?: WarmContext;
  logs: LogCollector;
  file: string;
  redact: Redactor;
  node?: NodeHostSession;
  /** Its recorded calls were applied already (before a later action's host call). */
  applied: boolean;
  /** It ran (or was running) in the isolate; false for actions a failed chain did not reach. */
  ran: boolean;
  /** It runs on the host's thread (sync-runs.ts). */
  here: boolean;
}

/** A step for one run, not attached to a context yet (its logs bounded by the options and the run's budget). */
export function newStep(run: ActionRun, options: SandboxOptions): Step {
  const redact: Redactor = run.redact ?? ((text) => text);
  const logs = new LogCollector(options.logLineMax, options.logLinesMax, redact, run.logBudget);
  return { run, logs, file: actionFile(run.actionName), redact, applied: false, ran: true, here: false };
}

/** Checks out a warm context of the step's version (false if `take` has none) and attaches the run to it. */
export async function attach(
  tenant: TenantIsolate,
  step: Step,
  take: (key: string, create: () => Promise<WarmContext>) => Promise<WarmContext | undefined>,
  options: SandboxOptions,
  egress: { policy: EgressPolicy; limits: EgressLimits },
): Promise<boolean> {
  const { run, logs, file } = step;
  const key = contextKeyOf(run);
  const create = () =>
    tenant.onItsThread(
      tenant.boot.createContext(key, run.artifact, run.host.sandboxMethods(), options.logLineMax, remaining(run), file),
    );
  const warm = await tenant.guard(take(key, create));
  if (!warm) return false;
  step.warm = warm;
  const settle = warm.settle;
  const session = () => {
    if (step.node) return step.node;
    step.node = new NodeHostSession(
      run.deadline,
      settlerFor(settle),
      new EgressSession(egress.policy, egress.limits, run.deadline, (line) => logs.add('info', line)),
    );
    step.node.syncOnly = step.here;
    return step.node;
  };
  warm.current = { host: run.host, logs, node: session };
  return true;
}

/** Each later step applies the earlier steps' results before its first host call is answered (budget, order). */
export function connect(steps: Step[]): void {
  steps.forEach((step, at) => {
    if (at === 0) return;
    step.warm!.current!.applyEarlier = (json) => {
      const earlier = JSON.parse(json) as ChainStepResult[];
      for (let i = 0; i < Math.min(at, earlier.length); i++) {
        if (steps[i].applied) continue;
        steps[i].applied = true;
        steps[i].run.host.applyDeferred(earlier[i][0].deferred);
      }
    };
  });
}

/** The call failed (deadline, limit, lost isolate): the actions before the one that was running finished. */
export function failed(
  steps: Step[],
  finished: Int32Array | undefined,
  bootMs: number,
  started: number,
  error: OutcomeError,
): ActionOutcome[] {
  const at = Math.min(finished ? Atomics.load(finished, 0) : 0, steps.length - 1);
  const runMs = Math.max(0, performance.now() - started - bootMs);
  for (const step of steps.slice(at + 1)) step.ran = false;
  return steps
    .slice(0, at + 1)
    .map((step, i) => outcome(step, i === at ? error : undefined, i === 0 ? bootMs : 0, i === at ? runMs : 0));
}

export function outcome(step: Step, error: OutcomeError | undefined, bootMs: number, runMs: number): ActionOutcome {
  return {
    ...(error ? { error: { ...tenantError(error, step.file, step.redact), kind: error.kind } } : {}),
    logs: step.logs.lines(),
    bootMs,
    runMs,
  };
}
