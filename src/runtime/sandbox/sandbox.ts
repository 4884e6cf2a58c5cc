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
import { DEFAULT_EGRESS_LIMITS, EgressLimits } from '../egress/egress-client';
import { EgressPolicy } from '../egress/egress-policy';
import type { ChainStepResult } from './chain-dispatch';
import type { WarmContext } from './context-boot';
import { QuarantinedError } from './isolate-loss';
import { IsolatePool } from './isolate-pool';
import { MemoryBudget, MemoryReading } from './memory-budget';
import { nodeEnvSource } from './node-env/bundle';
import { ActionOutcome, ActionRun, classify, contextKeyOf, remaining, secretsJson, timeoutError } from './run-outcomes';
import { DEFAULTS, SandboxOptions, stripUndefined, SYNC_SHARE, SYNC_SLICE_MS } from './sandbox-options';
import { attach, connect, failed, newStep, outcome, Step } from './series-steps';
import { GivenUp, HeldLogs, HereOutcome, SyncRuns } from './sync-runs';
import type { TenantIsolate } from './tenant-isolate';

/** Chains (runs of more than one action in one call) an isolate holds contexts for at once (runSeries). */
export const CHAINS_IN_FLIGHT = 8;

export class Sandbox {
  private readonly pool: IsolatePool;
  /** Isolates only ever called from this thread (sync-runs.ts): one per key, apart from the key's own in `pool`. */
  private readonly herePool: IsolatePool;
  private readonly syncRuns: SyncRuns;
  private readonly egress: { policy: EgressPolicy; limits: EgressLimits };
  /** The isolates' memory together, both pools (memory-budget.ts). */
  private readonly budget: MemoryBudget;

  constructor(private readonly options: SandboxOptions) {
    const {
      onIsolateLost,
      egress,
      syncSliceMs,
      syncShare,
      hostUtilisation,
      memoryBudgetMb,
      memorySampleMs,
      ...limits
    } = options;
    const syncLimits = { sliceMs: syncSliceMs ?? SYNC_SLICE_MS, share: syncShare ?? SYNC_SHARE };
    this.syncRuns = new SyncRuns(syncLimits, hostUtilisation);
    this.egress = egress ?? { policy: new EgressPolicy(), limits: DEFAULT_EGRESS_LIMITS };
    nodeEnvSource(); // bundled now (once per process), not during the first execution
    const poolLimits = { ...DEFAULTS, ...stripUndefined(limits), memoryLimitMb: options.memoryLimitMb };
    this.budget = new MemoryBudget((memoryBudgetMb ?? 0) * 1024 * 1024, memorySampleMs);
    this.pool = new IsolatePool(poolLimits, onIsolateLost, undefined, this.budget);
    const hereLimits = { ...poolLimits, isolatesPerKey: 1 };
    this.herePool = new IsolatePool(hereLimits, onIsolateLost, this.pool.quarantine, this.budget);
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
      tenant = pool.acquire(first.isolationKey); // the herePool's own limits keep it to one isolate per key
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
      steps.push(newStep(first, this.options));
      await attach(
        tenant,
        steps[0],
        (key, create) => tenant.checkout(key, create, remaining(first)),
        this.options,
        this.egress,
      );
      // A chain holds a context of every version it runs for the whole call: only so many chains at once per
      // isolate (more would not run sooner on its one thread, and their contexts would crowd its heap); past that,
      // one action per call, as each action needs only its own context while it runs.
      const chaining = runs.length > 1 && tenant.chainsInFlight < CHAINS_IN_FLIGHT;
      if (chaining) tenant.chainsInFlight++;
      chained = chaining ? tenant : undefined;
      for (const run of chaining ? runs.slice(1) : []) {
        if (run.event !== first.event || run.isolationKey !== first.isolationKey) break;
        const step = newStep(run, this.options);
        const free = (key: string, create: () => Promise<WarmContext>) =>
          tenant.checkoutFree(key, create).catch(() => undefined);
        if (!(await attach(tenant, step, free, this.options, this.egress).catch(() => false))) break;
        steps.push(step);
      }
      connect(steps);
      // One action: straight into its context; more: through the isolate's dispatcher (made on first use).
      const dispatch =
        steps.length > 1 ? await tenant.guard(tenant.onItsThread(tenant.boot.chainDispatcher())) : undefined;
      bootMs = performance.now() - started;
      const timeout = remaining(first);
      const eventJson = JSON.stringify(first.event);
      const budget = first.host.commandBytesLeft();
      let args: unknown[]; // `here` in them: the call is on the host's thread (sync-runs.ts)
      if (dispatch) {
        const progress = new SharedArrayBuffer(4);
        finished = new Int32Array(progress);
        args = [eventJson, budget, new ivm.ExternalCopy(progress).copyInto(), here];
        for (const { run, warm } of steps)
          args.push(run.handler, run.secrets && secretsJson(run.secrets), warm!.invokeChained.derefInto());
      } else {
        args = [first.handler, eventJson, budget, first.secrets && secretsJson(first.secrets), here];
      }
      const ref = dispatch ?? steps[0].warm!.invoke;
      const keys = here ? steps.map((step) => step.warm!.key) : []; // the versions a call here demotes or clears
      let result: string;
      let heldLogs: HeldLogs[] | undefined; // set when the call ran on the host's thread
      let hereMs = 0;
      if (here) {
        // Its isolate is only ever called from this thread, but a context may be booting on its own thread: the
        // call would wait for the isolate's lock (boots are short and wait for nothing).
        while (tenant.onThread > 0) await tenant.guard(tenant.threadIdle()); // a boot never ends if the isolate is lost
        heldLogs = steps.map((step) => (step.warm!.current!.logs = new HeldLogs()));
        for (const step of steps) step.here = true;
        const callStarted = performance.now();
        let answer: HereOutcome;
        try {
          answer = this.syncRuns.callHere(ref, args, remaining(first));
        } finally {
          hereMs = performance.now() - callStarted;
          this.syncRuns.charge(tenant, hereMs, Date.now());
        }
        if ('givenUp' in answer) return this.giveUp(tenant, keys, answer.givenUp);
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
          return failed(steps, finished, bootMs, started, timeoutError());
        }
        result = raced;
      }
      const parsed: ChainStepResult[] = dispatch
        ? (JSON.parse(result) as ChainStepResult[])
        : [[JSON.parse(result) as ChainStepResult[0], 0]];
      if (heldLogs) {
        if (parsed.some(([answer]) => answer.bailed) || steps.some((step) => step.node?.bailed))
          return this.giveUp(tenant, keys, 'host');
        this.syncRuns.finished(tenant, keys, hereMs, Date.now());
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
        return outcome(step, error, i === 0 ? bootMs : 0, runMs);
      });
    } catch (e) {
      return failed(steps, finished, bootMs, started, classify(e, first, pool, tenant, this.options.memoryLimitMb));
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

  /** How many isolates a key holds now (a busy tenant may have more than one: isolate-pool.ts). */
  isolatesOf(isolationKey: string): number {
    return this.pool.sizeOf(isolationKey);
  }

  /** Series that ran on this thread, and those given up there (at the slice; needing the host): sync-runs.ts. */
  hostThreadStats(): { here: number; slice: number; host: number } {
    return { ...this.syncRuns.counts };
  }

  /** The isolates' memory at the last reading, and what the budget freed (for /metrics). */
  memory(): MemoryReading {
    return this.budget.current();
  }

  /** Reads the isolates' memory now and applies the budget (it also runs every few seconds on its own). */
  enforceMemoryBudget(): Promise<void> {
    return this.budget.enforce();
  }

  dispose(): void {
    this.budget.dispose();
    this.pool.dispose();
    this.herePool.dispose();
  }
}

/** A run on the host's thread was given up: the series goes again on the isolate's thread. */
const GIVEN_UP = Symbol('given up');
