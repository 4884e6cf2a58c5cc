/**
 * Runs one action in a V8 isolate (isolated-vm). One isolate per tenant (memory-capped), compiled scripts cached per
 * code inside it, and a FRESH context per action run: builtins, globals and `api` start clean every time, so nothing
 * one execution does (prototype pollution included) is seen by another, and no tenant shares an isolate with another.
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

interface TenantIsolate {
  isolate: ivm.Isolate;
  bootstrap: ivm.Script;
  scripts: Map<string, ivm.Script>;
  busy: number;
}

const MAX_SCRIPTS_PER_ISOLATE = 200;

export class Sandbox {
  private readonly isolates = new Map<string, TenantIsolate>();

  constructor(private readonly options: SandboxOptions) {}

  async run(req: ActionRun): Promise<ActionOutcome> {
    const logs = new LogCollector(this.options.logLineMax, this.options.logLinesMax);
    const started = performance.now();
    const tenant = this.isolateFor(req.tenantId);
    tenant.busy++;
    let context: ivm.Context | undefined;
    let bootMs = 0;
    let timer: NodeJS.Timeout | undefined;
    try {
      context = await tenant.isolate.createContext();
      const global = context.global;
      global.setSync('__hostCall', new ivm.Callback((path: string, json: string) => JSON.stringify(req.host.call(path, JSON.parse(json) as unknown[]))));
      global.setSync('__hostLog', new ivm.Callback((level: string, line: string) => logs.add(level, line)));
      global.setSync('__methods', JSON.stringify(req.host.methodPaths()));
      global.setSync('__eventJson', JSON.stringify(req.event));
      await tenant.bootstrap.run(context, { timeout: this.remaining(req) });
      const script = await this.compiled(tenant, req.code, req.actionName);
      bootMs = performance.now() - started;
      const deadline = new Promise<'timeout'>((resolve) => { timer = setTimeout(() => resolve('timeout'), this.remaining(req)); });
      const run = (async () => {
        await script.run(context!, { timeout: this.remaining(req) });
        const invoke = await context!.global.get('__invoke', { reference: true });
        return (await invoke.apply(undefined, [req.handler], { timeout: this.remaining(req), result: { promise: true } })) as string;
      })();
      const result = await Promise.race([run, deadline]);
      if (result === 'timeout') {
        run.catch(() => undefined);
        this.discard(req.tenantId, tenant);
        return { error: timeoutError(), logs: logs.lines(), bootMs, runMs: performance.now() - started - bootMs };
      }
      const parsed = JSON.parse(result) as { error?: ThrownError };
      return { ...(parsed.error ? { error: { ...parsed.error, kind: 'action_error' as const } } : {}), logs: logs.lines(), bootMs, runMs: performance.now() - started - bootMs };
    } catch (e) {
      return { error: this.classify(e, req, tenant), logs: logs.lines(), bootMs, runMs: performance.now() - started - bootMs };
    } finally {
      clearTimeout(timer);
      tenant.busy--;
      if (context && !tenant.isolate.isDisposed) context.release();
    }
  }

  /** Compiles code in a throwaway isolate and reports a SyntaxError, if any (the build step's check). */
  async syntaxError(code: string): Promise<string | undefined> {
    const isolate = new ivm.Isolate({ memoryLimit: this.options.memoryLimitMb });
    try {
      await isolate.compileScript(wrapModule(code), { filename: 'action.js' });
      return undefined;
    } catch (e) {
      return `${(e as Error).name}: ${(e as Error).message}`;
    } finally {
      isolate.dispose();
    }
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
      t = { isolate, bootstrap: isolate.compileScriptSync(BOOTSTRAP_SOURCE, { filename: 'bootstrap.js' }), scripts: new Map(), busy: 0 };
      this.evictIfNeeded();
    } else {
      this.isolates.delete(tenantId); // re-insert: most recently used last
    }
    this.isolates.set(tenantId, t);
    return t;
  }

  private evictIfNeeded(): void {
    const max = this.options.maxIsolates ?? 64;
    for (const [id, t] of this.isolates) {
      if (this.isolates.size < max) return;
      if (t.busy > 0) continue;
      this.discard(id, t);
    }
  }

  private async compiled(tenant: TenantIsolate, code: string, actionName: string): Promise<ivm.Script> {
    const key = createHash('sha256').update(code).digest('hex');
    let script = tenant.scripts.get(key);
    if (!script) {
      script = await tenant.isolate.compileScript(wrapModule(code), { filename: `action:${actionName}` });
      if (tenant.scripts.size >= MAX_SCRIPTS_PER_ISOLATE) tenant.scripts.delete(tenant.scripts.keys().next().value!);
      tenant.scripts.set(key, script);
    }
    return script;
  }

  private discard(tenantId: string, t: TenantIsolate): void {
    if (this.isolates.get(tenantId) === t) this.isolates.delete(tenantId);
    if (!t.isolate.isDisposed) t.isolate.dispose();
  }

  private classify(e: unknown, req: ActionRun, tenant: TenantIsolate): NonNullable<ActionOutcome['error']> {
    const error = e as Error;
    const message = String(error?.message ?? e);
    if (/memory limit/i.test(message) || tenant.isolate.isDisposed) {
      this.discard(req.tenantId, tenant);
      return { name: 'RangeError', message: `The action exceeded its memory limit of ${this.options.memoryLimitMb} MB`, stack: '', kind: 'action_error' };
    }
    if (/timed out/i.test(message)) {
      this.discard(req.tenantId, tenant);
      return timeoutError();
    }
    return { name: String(error?.name ?? 'Error'), message, stack: String(error?.stack ?? ''), kind: 'action_error' };
  }

  dispose(): void {
    for (const [id, t] of this.isolates) this.discard(id, t);
  }
}

function timeoutError(): NonNullable<ActionOutcome['error']> {
  return { name: 'Error', message: 'The action did not finish within the execution time limit', stack: '', kind: 'action_timeout' };
}
