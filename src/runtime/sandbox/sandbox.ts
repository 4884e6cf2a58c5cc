/**
 * Runs one action handler in a V8 isolate (isolated-vm; never vm/vm2). A run checks out a warm context of its
 * version exclusively (or builds one: bootstrap + compiled module), so a warm run costs one call into the isolate.
 * Builtins a version pollutes stay in that version's own contexts; other versions, actions and tenants never see
 * them, and `api` is frozen.
 * Limits: the run must finish before the trigger's deadline. A synchronous overrun is stopped by isolated-vm's own
 * timeout (the context is dropped, the isolate kept); anything else past the deadline (an endless microtask loop,
 * a promise that never settles) disposes the isolate, since that is the only way to stop it. Hitting the memory
 * cap disposes the isolate too. Either way the next run gets a fresh isolate and the service carries on.
 */
import ivm from 'isolated-vm';
import type { EgressConfig } from '../../config/config';
import type { ActionApiHost } from '../api/api-host';
import { Artifact, IsolatePool, limitHit, PoolLimits, TenantIsolate, WarmContext } from './isolate-pool';
import { IsolateLostError, QuarantinedError } from './isolate-loss';
import { LogBudget, LogCollector, Redactor } from './log-collector';
import { tenantError } from './tenant-view';
import { DEFAULT_EGRESS_LIMITS, EgressLimits, EgressSession } from '../egress/egress-client';
import { EgressPolicy } from '../egress/egress-policy';
import { nodeEnvSource } from './node-env/bundle';
import type { ChainStepResult } from './chain-dispatch';
import { GivenUp, HeldLogs, HereOutcome, SyncRuns, Utilisation } from './sync-runs';
import { NodeHostSession, settlerFor } from './node-env/host-bridge';

export interface SandboxOptions extends Partial<PoolLimits> {
  memoryLimitMb: number;
  logLineMax: number;
  logLinesMax: number;
  /** Told when an isolate is lost to an uncontainable out-of-memory error (isolate-loss.ts); for logs and metrics. */
  onIsolateLost?: (isolationKey: string, lostSoFar: number) => void;
  /** Outbound HTTP of actions (fetch, http, https): the policy and per-execution bounds. Default: public addresses only. */
  egress?: { policy: EgressPolicy; limits: EgressLimits };
  /** Longest run on the host's thread (ms, sync-runs.ts); 0: every run on its isolate's thread. */
  syncSliceMs?: number;
  /** Share (0..1) of the host thread one isolate's runs may take. */
  syncShare?: number;
  /** How busy the host thread was since the last call (0..1); its event loop utilisation when absent (tests fix it). */
  hostUtilisation?: Utilisation;
}

/** Defaults of SandboxOptions.syncSliceMs and .syncShare (SANDBOX_SYNC_SLICE_MS, SANDBOX_SYNC_SHARE_PCT). */
export const SYNC_SLICE_MS = 5;
export const SYNC_SHARE = 0.5;

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

/** Chains (runs of more than one action in one call) an isolate holds contexts for at once (runSeries). */
export const CHAINS_IN_FLIGHT = 8;

const DEFAULTS: Omit<PoolLimits, 'memoryLimitMb'> = {
  maxIsolates: 256,
  isolatesPerKey: 1,
  idleContextsPerIsolate: 32,
  idleContextsPerVersion: 4,
  scriptsPerIsolate: 64,
};

/** The sandbox's egress settings from the service configuration. */
export function egressFromConfig(c: EgressConfig): { policy: EgressPolicy; limits: EgressLimits } {
  return {
    policy: new EgressPolicy({ allow: c.allow, deny: c.deny }),
    limits: {
      ...DEFAULT_EGRESS_LIMITS,
      maxRequests: c.maxRequests,
      maxResponseBytes: c.maxResponseBytes,
      maxConcurrent: c.maxConcurrent,
    },
  };
}

export class Sandbox {
  private readonly pool: IsolatePool;
  /** Isolates only ever called from this thread (sync-runs.ts): one per key, apart from the key's own in `pool`. */
  private readonly herePool: IsolatePool;
  private readonly syncRuns: SyncRuns;
  private readonly egress: { policy: EgressPolicy; limits: EgressLimits };

  constructor(private readonly options: SandboxOptions) {
    const { onIsolateLost, egress, syncSliceMs, syncShare, hostUtilisation, ...limits } = options;
    const syncLimits = { sliceMs: syncSliceMs ?? SYNC_SLICE_MS, share: syncShare ?? SYNC_SHARE };
    this.syncRuns = new SyncRuns(syncLimits, hostUtilisation);
    this.egress = egress ?? { policy: new EgressPolicy(), limits: DEFAULT_EGRESS_LIMITS };
    nodeEnvSource(); // bundled now (once per process), not during the first execution
    const poolLimits = { ...DEFAULTS, ...stripUndefined(limits), memoryLimitMb: options.memoryLimitMb };
    this.pool = new IsolatePool(poolLimits, onIsolateLost);
    this.herePool = new IsolatePool({ ...poolLimits, isolatesPerKey: 1 }, onIsolateLost, this.pool.quarantine);
  }

  async run(req: ActionRun): Promise<ActionOutcome> {
    return (await this.runSeries([req]))[0];
  }

  /**
   * Runs actions of one isolation key one after the other, in one call into the isolate (chain-dispatch.ts), for as
   * long as each leaves nothing the next one sees changed; answers the outcomes of those that ran (at least the
   * first): the caller applies what the last one did and runs the rest. Runs in a series share their event object
   * (`event`, each with its own `secrets`).
   */
  async runSeries(runs: readonly ActionRun[]): Promise<ActionOutcome[]> {
    const outcomes = this.syncRuns.enabled ? await this.attempt(runs, true) : GIVEN_UP;
    return outcomes === GIVEN_UP ? ((await this.attempt(runs, false)) as ActionOutcome[]) : outcomes;
  }

  /**
   * One call for the series: `here` on this thread, in the key's isolate of the `herePool` (sync-runs.ts), or
   * GIVEN_UP when the series may not or could not run there; else on the isolate's own thread.
   */
  private async attempt(runs: readonly ActionRun[], here: boolean): Promise<ActionOutcome[] | typeof GIVEN_UP> {
    const first = runs[0];
    const started = performance.now();
    const pool = here ? this.herePool : this.pool;
    let tenant: TenantIsolate;
    try {
      tenant = pool.acquire(first.isolationKey, Date.now(), here ? 1 : undefined);
      if (here && !this.syncRuns.mayRun(tenant, runs.map(contextKeyOf), Date.now())) return GIVEN_UP;
    } catch (e) {
      if (!(e instanceof QuarantinedError)) throw e;
      return [
        {
          error: { name: 'Error', message: e.message, stack: '', kind: 'platform_error' },
          logs: [],
          bootMs: 0,
          runMs: 0,
        },
      ];
    }
    tenant.busy++;
    const steps: Step[] = [];
    let timer: NodeJS.Timeout | undefined;
    let bootMs = 0;
    let finished: Int32Array | undefined;
    let chained: TenantIsolate | undefined;
    try {
      steps.push(this.step(first));
      await this.attach(tenant, steps[0], (key, create) => tenant.checkout(key, create, remaining(first)));
      // A chain holds a context of every version it runs for the whole call: only so many chains at once per
      // isolate (more would not run sooner on its one thread, and their contexts would crowd its heap); past that,
      // one action per call, as each action needs only its own context while it runs.
      const chaining = runs.length > 1 && tenant.chainsInFlight < CHAINS_IN_FLIGHT;
      if (chaining) tenant.chainsInFlight++;
      chained = chaining ? tenant : undefined;
      for (const run of chaining ? runs.slice(1) : []) {
        if (run.event !== first.event || run.isolationKey !== first.isolationKey) break;
        const step = this.step(run);
        const free = (key: string, create: () => Promise<WarmContext>) =>
          tenant.checkoutFree(key, create).catch(() => undefined);
        if (!(await this.attach(tenant, step, free).catch(() => false))) break;
        steps.push(step);
      }
      this.connect(steps);
      // One action: straight into its context; more: through the isolate's dispatcher (made on first use).
      const dispatch = steps.length > 1 ? await tenant.guard(tenant.onItsThread(tenant.chainDispatcher())) : undefined;
      bootMs = performance.now() - started;
      const timeout = remaining(first);
      const eventJson = JSON.stringify(first.event);
      const budget = first.host.commandBytesLeft();
      let args: unknown[];
      if (dispatch) {
        const progress = new SharedArrayBuffer(4);
        finished = new Int32Array(progress);
        args = [eventJson, budget, new ivm.ExternalCopy(progress).copyInto(), false];
        for (const { run, warm } of steps)
          args.push(run.handler, run.secrets && secretsJson(run.secrets), warm!.invokeChained.derefInto());
      } else {
        args = [first.handler, eventJson, budget, first.secrets && secretsJson(first.secrets), false];
      }
      const ref = dispatch ?? steps[0].warm!.invoke;
      const syncAt = dispatch ? 3 : 4; // where `args` says whether the call is on the host's thread
      const keys = steps.map((step) => step.warm!.key);
      let result: string;
      let heldLogs: HeldLogs[] | undefined; // set when the call ran on the host's thread
      if (here) {
        // Its isolate is only ever called from this thread, but a context may be booting on its own thread: the
        // call would wait for the isolate's lock (boots are short and wait for nothing).
        while (tenant.onThread > 0) await tenant.threadIdle();
        args[syncAt] = true;
        const held = steps.map((step) => (step.warm!.current!.logs = new HeldLogs()));
        for (const step of steps) step.here = true;
        const callStarted = performance.now();
        let answer: HereOutcome;
        try {
          answer = this.syncRuns.callHere(ref, args, remaining(first));
        } finally {
          this.syncRuns.charge(tenant, performance.now() - callStarted, Date.now());
        }
        if ('givenUp' in answer) return this.giveUp(tenant, keys, answer.givenUp);
        heldLogs = held;
        result = answer.result;
      } else {
        const deadline = new Promise<'deadline'>((resolve) => {
          timer = setTimeout(() => resolve('deadline'), timeout);
        });
        const invocation = ref.apply(undefined, args, { timeout, result: { promise: true } }) as Promise<string>;
        const raced = await tenant.guard(Promise.race([invocation, deadline]));
        if (raced === 'deadline') {
          invocation.catch(() => undefined);
          pool.discard(first.isolationKey, tenant);
          return this.failed(steps, finished, bootMs, started, timeoutError());
        }
        result = raced;
      }
      const parsed: ChainStepResult[] = dispatch
        ? (JSON.parse(result) as ChainStepResult[])
        : [[JSON.parse(result) as ChainStepResult[0], 0]];
      if (heldLogs) {
        if (parsed.some(([answer]) => answer.bailed) || steps.some((step) => step.node?.bailed))
          return this.giveUp(tenant, keys, 'host');
        this.syncRuns.finished(tenant, keys);
        steps.forEach((step, i) => heldLogs![i].replayInto(step.logs));
      }
      for (const step of steps.slice(parsed.length)) step.ran = false; // the chain stopped before them
      const wall = performance.now() - started - bootMs;
      let accounted = 0;
      return parsed.map(([answer, isolateMs], i) => {
        const step = steps[i];
        if (!step.applied) step.run.host.applyDeferred(answer.deferred); // the calls the sandbox recorded, in order
        tenant.giveBack(step.warm!);
        step.warm = undefined;
        const runMs = i === parsed.length - 1 ? Math.max(0, wall - accounted) : isolateMs;
        accounted += runMs;
        const error = answer.error ? { ...answer.error, kind: 'action_error' as const } : undefined;
        return this.outcome(step, error, i === 0 ? bootMs : 0, runMs);
      });
    } catch (e) {
      return this.failed(steps, finished, bootMs, started, this.classify(e, first, pool, tenant));
    } finally {
      clearTimeout(timer);
      tenant.busy--;
      if (chained) chained.chainsInFlight--;
      for (const step of steps) {
        step.node?.close();
        if (step.warm) {
          if (step.ran)
            tenant.abandon(step.warm); // a context whose run failed is not reused
          else tenant.giveBack(step.warm); // a later action the chain did not reach
        }
      }
    }
  }

  /** The versions' runs go to the isolate's thread for a while; the contexts of the given-up run are dropped. */
  private giveUp(tenant: TenantIsolate, keys: string[], why: GivenUp): typeof GIVEN_UP {
    this.syncRuns.demote(tenant, keys, why, Date.now());
    return GIVEN_UP;
  }

  private step(run: ActionRun): Step {
    const redact: Redactor = run.redact ?? ((text) => text);
    const logs = new LogCollector(this.options.logLineMax, this.options.logLinesMax, redact, run.logBudget);
    return { run, logs, file: actionFile(run.actionName), redact, applied: false, ran: true, here: false };
  }

  /** Checks out a warm context of the step's version (false if `take` has none) and attaches the run to it. */
  private async attach(
    tenant: TenantIsolate,
    step: Step,
    take: (key: string, create: () => Promise<WarmContext>) => Promise<WarmContext | undefined>,
  ): Promise<boolean> {
    const { run, logs, file } = step;
    const key = contextKeyOf(run);
    const create = () =>
      tenant.onItsThread(
        tenant.createContext(
          key,
          run.artifact,
          run.host.sandboxMethods(),
          this.options.logLineMax,
          remaining(run),
          file,
        ),
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
        new EgressSession(this.egress.policy, this.egress.limits, run.deadline, (line) => logs.add('info', line)),
      );
      step.node.syncOnly = step.here;
      return step.node;
    };
    warm.current = { host: run.host, logs, node: session };
    return true;
  }

  /** Each later step applies the earlier steps' results before its first host call is answered (budget, order). */
  private connect(steps: Step[]): void {
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
  private failed(
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
      .map((step, i) => this.outcome(step, i === at ? error : undefined, i === 0 ? bootMs : 0, i === at ? runMs : 0));
  }

  private outcome(step: Step, error: OutcomeError | undefined, bootMs: number, runMs: number): ActionOutcome {
    return {
      ...(error ? { error: { ...tenantError(error, step.file, step.redact), kind: error.kind } } : {}),
      logs: step.logs.lines(),
      bootMs,
      runMs,
    };
  }

  private classify(e: unknown, req: ActionRun, pool: IsolatePool, tenant: TenantIsolate): OutcomeError {
    const error = e as Partial<Error> | undefined;
    const message = String(error?.message ?? e);
    const limit = e instanceof IsolateLostError ? 'memory' : limitHit(e);
    if (limit === 'memory') {
      pool.discard(req.isolationKey, tenant);
      return {
        name: 'RangeError',
        message: `The action exceeded the sandbox memory limit of ${this.options.memoryLimitMb} MB`,
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

  /** How many isolates a key holds now (a busy tenant may have more than one: isolate-pool.ts). */
  isolatesOf(isolationKey: string): number {
    return this.pool.sizeOf(isolationKey);
  }

  /** Series that ran on this thread, and those given up there (at the slice; needing the host): sync-runs.ts. */
  hostThreadStats(): { here: number; slice: number; host: number } {
    return { ...this.syncRuns.counts };
  }

  dispose(): void {
    this.pool.dispose();
    this.herePool.dispose();
  }
}

/** The file name an action's module is compiled under: the only file its errors' stacks may name. */
/** One action of a series: its run, its context while checked out, and what its outcome needs. */
interface Step {
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

/** A run on the host's thread was given up: the series goes again on the isolate's thread. */
const GIVEN_UP = Symbol('given up');

/** A version's secrets as JSON, made once per secrets object (a deployed version keeps its object while bound). */
const secretsJsonOf = new WeakMap<Record<string, string>, string>();
function secretsJson(secrets: Record<string, string>): string {
  let json = secretsJsonOf.get(secrets);
  if (json === undefined) secretsJsonOf.set(secrets, (json = JSON.stringify(secrets)));
  return json;
}

/** The warm contexts a run may use: its version's (or draft's) for its trigger. */
function contextKeyOf(run: ActionRun): string {
  return `${run.contextKey}:${run.host.triggerId}`;
}

function actionFile(actionName: string): string {
  return `action:${actionName}`;
}

function remaining(req: ActionRun): number {
  return Math.max(1, Math.floor(req.deadline - Date.now()));
}

function timeoutError(): OutcomeError {
  return {
    name: 'Error',
    message: 'The action did not finish within the execution time limit',
    stack: '',
    kind: 'action_timeout',
  };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
