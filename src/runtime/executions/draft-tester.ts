/**
 * POST /actions/{id}/test: runs an action's draft once with the given payload as the event, with the trigger's real
 * api and a cache namespace of its own (never the live trigger's), and reports commands, logs, error and stats
 * (decision 7). A runtime error in user code is a normal result, not an HTTP error.
 */
import type { AppConfig } from '../../config/config';
import { InvalidError } from '../../shared/domain-errors';
import type { Clock } from '../../shared/clock';
import { currentTrigger } from '../../triggers/trigger-catalogue';
import type { DraftRunner, DraftToRun } from '../../actions/http/action-draft-tester';
import { ActionApiHost } from '../api/api-host';
import { CacheSession, CacheStore } from '../cache/cache-session';
import type { EsbuildActionBuilder } from '../build/action-builder';
import type { Sandbox } from '../sandbox/sandbox';

export class SandboxDraftRunner implements DraftRunner {
  constructor(
    private readonly config: AppConfig,
    private readonly sandbox: Sandbox,
    private readonly builder: EsbuildActionBuilder,
    private readonly cache: CacheStore,
    private readonly clock: Clock,
  ) {}

  async test(tenantId: string, draft: DraftToRun, payload: Record<string, unknown>): Promise<{ payload: Record<string, unknown> }> {
    const started = performance.now();
    const trigger = currentTrigger(draft.triggerId);
    if (!trigger?.executable) throw new InvalidError(`Actions of the ${draft.triggerId} trigger cannot be tested by this service.`);
    const event = (payload.event !== undefined && typeof payload.event === 'object' && payload.event !== null ? payload.event : payload) as Record<string, unknown>;
    const scope = `test:${tenantId}:${draft.actionId}`;
    const session = await this.cache.load(scope, Date.now()).then(
      (entries) => new CacheSession(entries, this.config.cache, Date.now),
      () => new CacheSession(undefined, this.config.cache, Date.now),
    );
    const host = new ActionApiHost(draft.triggerId, draft.actionName, structuredClone(event), session, () => this.clock.now().getTime());
    const built = performance.now();
    let code: string;
    try {
      code = await this.builder.artifactFor(draft.code, draft.dependencies);
    } catch (e) {
      return { payload: { error: { name: 'BuildError', message: (e as Error).message, stack: '' }, stats: stats(started, built, built) } };
    }
    const outcome = await this.sandbox.run({
      tenantId, actionName: draft.actionName, code, handler: trigger.handler, host,
      event: { ...structuredClone(event), secrets: draft.secrets },
      deadline: Date.now() + this.config.runtime.executionTimeoutMs,
    });
    await this.cache.flush(scope, session.pendingChanges(), Date.now()).catch(() => undefined);
    return {
      payload: {
        commands: host.commands.map(({ name, args }) => ({ name, args })),
        logs: outcome.logs,
        ...(outcome.error ? { error: { name: outcome.error.name, message: outcome.error.message, stack: outcome.error.stack } } : {}),
        stats: { ...stats(started, built, performance.now()), action_duration_ms: round(outcome.runMs), boot_duration_ms: round(outcome.bootMs) },
      },
    };
  }
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

function stats(started: number, built: number, ended: number) {
  return {
    total_request_duration_ms: round(ended - started),
    total_runtime_execution_duration_ms: round(ended - built),
    runtime_processing_duration_ms: round(built - started),
    action_duration_ms: 0,
    runtime_external_call_duration_ms: 0,
    boot_duration_ms: 0,
    network_duration_ms: 0,
  };
}
