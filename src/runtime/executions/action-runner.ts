/**
 * Runs one action the way every caller needs it: its trigger scope's cache entries loaded in one round trip when it
 * first touches api.cache, the
 * handler run in the sandbox with `event.secrets` set to the running version's secrets, the cache changes written
 * back in one round trip, and the outcome scrubbed of secret values by the sandbox (logs and every error field: sandbox/tenant-view.ts).
 * A cache store that does not answer within cache.operationTimeoutMs is treated as down for this action: reads
 * miss, writes answer {type:'error'}, the action still runs.
 */
import type { CacheLimits } from '../../config/config';
import { settleWithin } from '../../shared/settle-within';
import { ActionApiHost, RecordedCommand, StopReason } from '../api/api-host';
import type { FlowContext } from '../api/api-spec';
import type { ExecutionBudget } from './execution-budget';
import { CacheChange, CacheEntry, CacheScope, CacheSession, CacheStore } from '../cache/cache-session';
import type { Artifact } from '../sandbox/context-boot';
import type { ActionOutcome, ActionRun } from '../sandbox/run-outcomes';
import type { Sandbox } from '../sandbox/sandbox';
import { redactorOf } from '../sandbox/tenant-view';

export interface ActionRunRequest {
  isolationKey: string;
  /** Warm contexts are reused per deployed version or per draft content, never across actions (ActionRun.contextKey: run-outcomes.ts). */
  contextKey: string;
  cacheScope: CacheScope;
  triggerId: string;
  actionName: string;
  artifact: Artifact;
  handler: string;
  secrets: Record<string, string>;
  flow: FlowContext;
  deadline: number;
  /** What the execution may still record and log (shared by its actions). */
  budget: ExecutionBudget;
}

export interface ActionRunResult {
  outcome: ActionOutcome;
  commands: RecordedCommand[];
  stop?: StopReason;
  /** Time spent waiting for the cache store (load + flush). */
  cacheMs: number;
}

/** What one action's run needs on the host side: its api host, its cache session and the sandbox run. */
interface Prepared {
  session: CacheSession;
  host: ActionApiHost;
  run: ActionRun;
  cacheMs: number;
}

export interface CacheLookupListener {
  (hits: number, misses: number): void;
}

export class ActionRunner {
  constructor(
    private readonly sandbox: Sandbox,
    private readonly cache: CacheStore,
    private readonly limits: CacheLimits,
    private readonly onCacheLookups?: CacheLookupListener,
  ) {}

  async run(req: ActionRunRequest): Promise<ActionRunResult> {
    return (await this.runSeries([req]))[0];
  }

  /**
   * Runs the actions in order, as many as the sandbox runs in one call into the isolate (Sandbox.runSeries: at least
   * the first); answers their results, each action's cache changes written back before the next result is made.
   */
  async runSeries(reqs: readonly ActionRunRequest[]): Promise<ActionRunResult[]> {
    const prepared = reqs.map((req) => this.prepare(req));
    const outcomes = await this.sandbox.runSeries(prepared.map((p) => p.run));
    const results: ActionRunResult[] = [];
    for (let i = 0; i < outcomes.length; i++) results.push(await this.finish(reqs[i], prepared[i], outcomes[i]));
    return results;
  }

  private prepare(req: ActionRunRequest): Prepared {
    const prepared = { cacheMs: 0 } as Prepared;
    // Loaded only if the action touches api.cache (the sandbox waits for it then), not before every action.
    prepared.session = CacheSession.lazy(
      async () => {
        const loadStarted = performance.now();
        const entries = await this.bounded(this.cache.load(req.cacheScope, Date.now())).catch(() => undefined);
        prepared.cacheMs += performance.now() - loadStarted;
        return entries as Map<string, CacheEntry> | undefined;
      },
      this.limits,
      Date.now,
    );
    prepared.host = new ActionApiHost(req.triggerId, req.actionName, req.flow, prepared.session, req.budget);
    prepared.run = {
      isolationKey: req.isolationKey,
      contextKey: req.contextKey,
      actionName: req.actionName,
      artifact: req.artifact,
      handler: req.handler,
      host: prepared.host,
      deadline: req.deadline,
      event: req.flow.event,
      secrets: req.secrets,
      redact: redactorOf(req.secrets),
      logBudget: req.budget,
    };
    return prepared;
  }

  private async finish(req: ActionRunRequest, prepared: Prepared, outcome: ActionOutcome): Promise<ActionRunResult> {
    const { session, host } = prepared;
    if (session.touched) {
      const flushStarted = performance.now();
      await this.flush(req.cacheScope, session.pendingChanges());
      prepared.cacheMs += performance.now() - flushStarted;
    }
    if (session.lookups.hits + session.lookups.misses > 0)
      this.onCacheLookups?.(session.lookups.hits, session.lookups.misses);
    // a refused command shows in the record even when the action caught the TypeError
    if (host.refused)
      outcome.logs.push(
        `[limit] ${host.refused.first}${host.refused.count > 1 ? ` (${host.refused.count} calls refused)` : ''}`,
      );
    return { outcome, commands: host.commands, ...(host.stop ? { stop: host.stop } : {}), cacheMs: prepared.cacheMs };
  }

  private async flush(scope: CacheScope, changes: CacheChange[]): Promise<void> {
    if (changes.length === 0) return;
    await this.bounded(this.cache.flush(scope, changes, Date.now())).catch(() => undefined);
  }

  /** A store call that has not answered within the bound counts as failed (the store's own timeout is the first line). */
  private bounded<T>(call: Promise<T>): Promise<T> {
    const bound = this.limits.operationTimeoutMs * 2;
    return settleWithin(call, bound, () => {
      throw new Error(`cache store did not answer within ${bound} ms`);
    });
  }
}
