/**
 * Runs one action in a V8 isolate (isolated-vm). Isolation is per tenant: each tenant has its own memory-capped
 * isolate, so no object, prototype or global is ever shared between tenants. Inside it, each deployed version has a
 * small pool of warm contexts (module loaded once); a run checks one out exclusively, so a warm run only pays for
 * one call into the isolate. Builtins a version pollutes stay in that version's own contexts; `api` and `event` are
 * fresh (and `api` frozen) on every invocation.
 * Wall time is enforced from the host: a run past its deadline disposes the tenant's isolate (an endless loop or
 * microtask storm cannot otherwise be stopped); so does hitting the memory cap. The next run gets a new isolate.
 */
import ivm from 'isolated-vm';
import { createHash } from 'node:crypto';
import type { ActionApiHost } from '../api/api-host';
import { BOOTSTRAP_SOURCE, wrapModule } from './bootstrap';
import { LogCollector } from './log-collector';

export interface SandboxOptions {
  memoryLimitMb: number;
  logLineMax: number;
  logLinesMax: number;
  maxIsolates?: number;
  /** Idle warm contexts kept per version. */
  idleContextsPerVersion?: number;
}

export interface ActionRun {
  tenantId: string;
  actionName: string;
  /** CommonJS source (the version's artifact). */
  code: string;
  handler: string;
  event: Record<string, unknown>;
  host: ActionApiHost;
  /** Epoch ms by which the run must be over (the trigger's wall-time budget). */
  deadline: number;
}

export interface ThrownError {
  name: string;
  message: string;
  stack: string;
}

export interface ActionOutcome {
  error?: ThrownError & { kind: 'action_error' | 'action_timeout' | 'platform_error' };
  logs: string[];
  bootMs: number;
  runMs: number;
}

/** A warm context: routes its host callbacks to whichever run has it checked out. */
interface WarmContext {
  context: ivm.Context;
  invoke: ivm.Reference<(handler: string, eventJson: string, methodsJson: string) => Promise<string>>;
  current?: { host: ActionApiHost; logs: LogCollector };
}

interface TenantIsolate {
  isolate: ivm.Isolate;
  bootstrap: ivm.Script;
  /** code sha256 → idle warm contexts of that version */
  idle: Map<string, WarmContext[]>;
  busy: number;
}

type Outcome = ActionOutcome['error'];

export class Sandbox {
  private readonly isolates = new Map<string, TenantIsolate>();

  constructor(private readonly options: SandboxOptions) {}

  async run(req: ActionRun): Promise<ActionOutcome> {
    const logs = new LogCollector(this.options.logLineMax, this.options.logLinesMax);
    const started = performance.now();
    const tenant = this.isolateFor(req.tenantId);
    const key = createHash('sha256').update(req.code).digest('hex');
    tenant.busy++;
    let warm: WarmContext | undefined;
    let bootMs = 0;
    let timer: NodeJS.Timeout | undefined;
    const elapsed = () => performance.now() - started - bootMs;
    try {
      warm = tenant.idle.get(key)?.pop() ?? (await this.newContext(tenant, req));
      warm.current = { host: req.host, logs };
      bootMs = performance.now() - started;
      const deadline = new Promise<'timeout'>((resolve) => { timer = setTimeout(() => resolve('timeout'), this.remaining(req)); });
      const invocation = warm.invoke.apply(undefined, [req.handler, JSON.stringify(req.event), JSON.stringify(req.host.methodPaths())], {
        timeout: this.remaining(req), result: { promise: true },
      }) as Promise<string>;
      const result = await Promise.race([invocation, deadline]);
      if (result === 'timeout') {
        invocation.catch(() => undefined);
        this.discard(req.tenantId, tenant);
        return { error: timeoutError(), logs: logs.lines(), bootMs, runMs: elapsed() };
      }
      const parsed = JSON.parse(result) as { error?: ThrownError };
      this.giveBack(tenant, key, warm);
      warm = undefined;
      return { ...(parsed.error ? { error: { ...parsed.error, kind: 'action_error' as const } } : {}), logs: logs.lines(), bootMs, runMs: elapsed() };
    } catch (e) {
      return { error: this.classify(e, req, tenant), logs: logs.lines(), bootMs, runMs: elapsed() };
    } finally {
      clearTimeout(timer);
      tenant.busy--;
      if (warm) warm.current = undefined;
      if (warm && !tenant.isolate.isDisposed) warm.context.release(); // a context whose run failed is not reused
    }
  }

  /** A context with the bootstrap and the version's module loaded. */
  private async newContext(tenant: TenantIsolate, req: ActionRun): Promise<WarmContext> {
    const context = await tenant.isolate.createContext();
    const warm: WarmContext = { context, invoke: undefined as never };
    const g = context.global;
    g.setSync('__hostCall', new ivm.Callback((path: string, json: string) =>
      JSON.stringify(warm.current ? warm.current.host.call(path, JSON.parse(json) as unknown[]) : { error: 'api called outside of an execution' })));
    g.setSync('__hostLog', new ivm.Callback((level: string, line: string) => warm.current?.logs.add(level, line)));
    await tenant.bootstrap.run(context, { timeout: this.remaining(req) });
    const script = await tenant.isolate.compileScript(wrapModule(req.code), { filename: `action:${req.actionName}` });
    try {
      await script.run(context, { timeout: this.remaining(req) });
    } finally {
      script.release();
    }
    warm.invoke = (await g.get('__invoke', { reference: true })) as WarmContext['invoke'];
    return warm;
  }

  private giveBack(tenant: TenantIsolate, key: string, warm: WarmContext): void {
    warm.current = undefined;
    const pool = tenant.idle.get(key) ?? [];
    if (pool.length >= (this.options.idleContextsPerVersion ?? 4) || tenant.isolate.isDisposed) {
      if (!tenant.isolate.isDisposed) warm.context.release();
      return;
    }
    pool.push(warm);
    tenant.idle.set(key, pool);
  }

  private remaining(req: ActionRun): number {
    return Math.max(1, req.deadline - Date.now());
  }

  private isolateFor(tenantId: string): TenantIsolate {
    let t = this.isolates.get(tenantId);
    if (t && t.isolate.isDisposed) {
      this.isolates.delete(tenantId);
      t = undefined;
    }
    if (!t) {
      const isolate = new ivm.Isolate({ memoryLimit: this.options.memoryLimitMb });
      t = { isolate, bootstrap: isolate.compileScriptSync(BOOTSTRAP_SOURCE, { filename: 'bootstrap.js' }), idle: new Map(), busy: 0 };
      this.evictIfNeeded();
    } else {
      this.isolates.delete(tenantId); // re-inserted below: most recently used last
    }
    this.isolates.set(tenantId, t);
    return t;
  }

  private evictIfNeeded(): void {
    const max = this.options.maxIsolates ?? 64;
    for (const [id, t] of this.isolates) {
      if (this.isolates.size < max) return;
      if (t.busy === 0) this.discard(id, t);
    }
  }

  private discard(tenantId: string, t: TenantIsolate): void {
    if (this.isolates.get(tenantId) === t) this.isolates.delete(tenantId);
    t.idle.clear();
    if (!t.isolate.isDisposed) t.isolate.dispose();
  }

  private classify(e: unknown, req: ActionRun, tenant: TenantIsolate): NonNullable<Outcome> {
    const error = e as Error;
    const message = String(error?.message ?? e);
    if (/memory limit/i.test(message)) {
      this.discard(req.tenantId, tenant);
      return { name: 'RangeError', message: `The action exceeded its memory limit of ${this.options.memoryLimitMb} MB`, stack: '', kind: 'action_error' };
    }
    if (/timed out/i.test(message)) {
      this.discard(req.tenantId, tenant);
      return timeoutError();
    }
    if (tenant.isolate.isDisposed) {
      return { name: 'Error', message: "The tenant's sandbox was reset while this action ran (another execution hit a limit); retry", stack: '', kind: 'platform_error' };
    }
    return { name: String(error?.name ?? 'Error'), message, stack: String(error?.stack ?? ''), kind: 'action_error' };
  }

  dispose(): void {
    for (const [id, t] of this.isolates) this.discard(id, t);
  }
}

function timeoutError(): NonNullable<Outcome> {
  return { name: 'Error', message: 'The action did not finish within the execution time limit', stack: '', kind: 'action_timeout' };
}
