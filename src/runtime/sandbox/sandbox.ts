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
import type { EgressConfig } from '../../config/config';
import type { ActionApiHost } from '../api/api-host';
import { Artifact, IsolatePool, limitHit, PoolLimits, TenantIsolate, WarmContext } from './isolate-pool';
import { IsolateLostError, QuarantinedError } from './isolate-loss';
import { LogBudget, LogCollector, Redactor } from './log-collector';
import { tenantError } from './tenant-view';
import { DEFAULT_EGRESS_LIMITS, EgressLimits, EgressSession } from '../egress/egress-client';
import { EgressPolicy } from '../egress/egress-policy';
import { nodeEnvSource } from './node-env/bundle';
import { NodeHostSession, settlerFor } from './node-env/host-bridge';

export interface SandboxOptions extends Partial<PoolLimits> {
  memoryLimitMb: number;
  logLineMax: number;
  logLinesMax: number;
  /** Told when an isolate is lost to an uncontainable out-of-memory error (isolate-loss.ts); for logs and metrics. */
  onIsolateLost?: (isolationKey: string, lostSoFar: number) => void;
  /** Outbound HTTP of actions (fetch, http, https): the policy and per-execution bounds. Default: public addresses only. */
  egress?: { policy: EgressPolicy; limits: EgressLimits };
}

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
  event: Record<string, unknown>;
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

const DEFAULTS: Omit<PoolLimits, 'memoryLimitMb'> = {
  maxIsolates: 256,
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
  private readonly egress: { policy: EgressPolicy; limits: EgressLimits };

  constructor(private readonly options: SandboxOptions) {
    const { onIsolateLost, egress, ...limits } = options;
    this.egress = egress ?? { policy: new EgressPolicy(), limits: DEFAULT_EGRESS_LIMITS };
    nodeEnvSource(); // bundled now (once per process), not during the first execution
    this.pool = new IsolatePool(
      { ...DEFAULTS, ...stripUndefined(limits), memoryLimitMb: options.memoryLimitMb },
      onIsolateLost,
    );
  }

  async run(req: ActionRun): Promise<ActionOutcome> {
    const redact: Redactor = req.redact ?? ((text) => text);
    const logs = new LogCollector(this.options.logLineMax, this.options.logLinesMax, redact, req.logBudget);
    const file = actionFile(req.actionName);
    const started = performance.now();
    let tenant: TenantIsolate;
    try {
      tenant = this.pool.acquire(req.isolationKey);
    } catch (e) {
      if (!(e instanceof QuarantinedError)) throw e;
      return {
        error: { name: 'Error', message: e.message, stack: '', kind: 'platform_error' },
        logs: [],
        bootMs: 0,
        runMs: 0,
      };
    }
    tenant.busy++;
    let warm: WarmContext | undefined;
    let bootMs = 0;
    let timer: NodeJS.Timeout | undefined;
    let node: NodeHostSession | undefined;
    const outcome = (error?: OutcomeError): ActionOutcome => ({
      ...(error ? { error: { ...tenantError(error, file, redact), kind: error.kind } } : {}),
      logs: logs.lines(),
      bootMs,
      runMs: Math.max(0, performance.now() - started - bootMs),
    });
    try {
      const key = `${req.contextKey}:${req.host.triggerId}`;
      warm = await tenant.guard(
        tenant.checkout(
          key,
          () =>
            tenant.createContext(
              key,
              req.artifact,
              req.host.sandboxMethods(),
              this.options.logLineMax,
              remaining(req),
              file,
            ),
          remaining(req),
        ),
      );
      const settle = warm.settle;
      const session = () =>
        (node ??= new NodeHostSession(
          req.deadline,
          settlerFor(settle),
          new EgressSession(this.egress.policy, this.egress.limits, req.deadline, (line) => logs.add('info', line)),
        ));
      warm.current = { host: req.host, logs, node: session };
      bootMs = performance.now() - started;
      const timeout = remaining(req);
      const deadline = new Promise<'deadline'>((resolve) => {
        timer = setTimeout(() => resolve('deadline'), timeout);
      });
      const invocation = warm.invoke.apply(
        undefined,
        [req.handler, JSON.stringify(req.event), req.host.commandBytesLeft()],
        { timeout, result: { promise: true } },
      ) as Promise<string>;
      const result = await tenant.guard(Promise.race([invocation, deadline]));
      if (result === 'deadline') {
        invocation.catch(() => undefined);
        this.pool.discard(req.isolationKey, tenant);
        return outcome(timeoutError());
      }
      const parsed = JSON.parse(result) as { error?: ThrownError; deferred?: unknown[] };
      req.host.applyDeferred(parsed.deferred); // the calls the sandbox recorded without waiting, in order
      tenant.giveBack(warm);
      warm = undefined;
      return outcome(parsed.error ? { ...parsed.error, kind: 'action_error' } : undefined);
    } catch (e) {
      return outcome(this.classify(e, req, tenant));
    } finally {
      clearTimeout(timer);
      node?.close();
      tenant.busy--;
      if (warm) tenant.abandon(warm); // a context whose run failed is not reused
    }
  }

  private classify(e: unknown, req: ActionRun, tenant: TenantIsolate): OutcomeError {
    const error = e as Partial<Error> | undefined;
    const message = String(error?.message ?? e);
    const limit = e instanceof IsolateLostError ? 'memory' : limitHit(e);
    if (limit === 'memory') {
      this.pool.discard(req.isolationKey, tenant);
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

  dispose(): void {
    this.pool.dispose();
  }
}

/** The file name an action's module is compiled under: the only file its errors' stacks may name. */
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
