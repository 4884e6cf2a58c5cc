/**
 * POST /actions/{id}/test (docs/api.md, "Rules": draft test): runs an action's draft once with the payload's
 * `event` (or the payload itself when it has no `event` key) as the event, with the trigger's real api, a cache
 * namespace of its own (never the live trigger's), and an isolate of its own (a misbehaving draft cannot reset the
 * tenant's live executions). Answers commands, logs, error and stats; a runtime error in user code is a normal
 * result, not an HTTP error. Nothing is stored and no live data is touched.
 */
import { createHash } from 'node:crypto';
import type { AppConfig } from '../../config/config';
import { InvalidError } from '../../shared/domain-errors';
import type { Clock } from '../../shared/clock';
import { CacheStore, draftCacheScope } from '../cache/cache-session';
import type { Dependency, DraftRunner, DraftToRun } from '../runtime.ports';
import type { Artifact } from '../sandbox/context-boot';
import type { Sandbox } from '../sandbox/sandbox';
import { redactSecrets } from '../sandbox/tenant-view';
import { ActionRunner } from './action-runner';
import { ExecutionBudget } from './execution-budget';
import { executableTrigger } from './executable-trigger';

/** Where a draft's artifact comes from (the build step: bundled with its dependencies, cached by content). */
export interface DraftArtifacts {
  artifactFor(code: string, dependencies: Dependency[]): Promise<Artifact>;
}

export interface DraftTestStats {
  total_request_duration_ms: number;
  total_runtime_execution_duration_ms: number;
  runtime_processing_duration_ms: number;
  action_duration_ms: number;
  runtime_external_call_duration_ms: number;
  boot_duration_ms: number;
  network_duration_ms: number;
}

export interface DraftTestPayload {
  commands: { name: string; args: unknown[] }[];
  logs: string[];
  error?: { name: string; message: string; stack: string };
  stats: DraftTestStats;
}

export class DraftTester implements DraftRunner {
  private readonly runner: ActionRunner;

  constructor(
    private readonly config: AppConfig,
    sandbox: Sandbox,
    private readonly builder: DraftArtifacts,
    cache: CacheStore,
    private readonly clock: Clock,
  ) {
    this.runner = new ActionRunner(sandbox, cache, config.cache);
  }

  async test(
    tenantId: string,
    draft: DraftToRun,
    payload: Record<string, unknown>,
  ): Promise<{ payload: DraftTestPayload & Record<string, unknown> }> {
    const started = performance.now();
    const trigger = executableTrigger(draft.triggerId);
    const event = eventOf(payload);
    const notBuilt = (why: string) => {
      const message = redactSecrets(`The draft could not be built: ${why}`, draft.secrets);
      return {
        payload: {
          commands: [],
          logs: [],
          error: { name: 'BuildError', message, stack: '' },
          stats: stats({ started, built: performance.now() }),
        },
      };
    };
    if (draft.buildErrors) return notBuilt(draft.buildErrors.map((e) => e.msg).join('; '));
    let artifact: Artifact;
    try {
      artifact = await this.builder.artifactFor(draft.code, draft.dependencies);
    } catch (e) {
      return notBuilt((e as Error).message);
    }
    const built = performance.now();
    const run = await this.runner.run({
      isolationKey: `draft:${tenantId}`,
      contextKey: draftContextKey(draft),
      cacheScope: draftCacheScope(tenantId, draft.actionId, draft.triggerId),
      triggerId: draft.triggerId,
      actionName: draft.actionName,
      artifact,
      handler: trigger.handler,
      secrets: draft.secrets,
      deadline: Date.now() + this.config.runtime.executionTimeoutMs,
      flow: {
        event: structuredClone(event),
        phase: 'execute',
        now: () => this.clock.now().getTime(),
        facts: new Set(),
      },
      budget: new ExecutionBudget(this.config.runtime),
    });
    const { outcome } = run;
    return {
      payload: {
        commands: run.commands.map(({ name, args }) => ({ name, args })),
        logs: outcome.logs,
        ...(outcome.error
          ? { error: { name: outcome.error.name, message: outcome.error.message, stack: outcome.error.stack } }
          : {}),
        stats: stats({
          started,
          built,
          ran: performance.now(),
          actionMs: outcome.runMs,
          bootMs: outcome.bootMs,
          cacheMs: run.cacheMs,
        }),
      },
    };
  }
}

/** Draft runs reuse warm contexts only for the same action with the same draft content (code, dependencies, secrets). */
function draftContextKey(draft: DraftToRun): string {
  const content = createHash('sha256')
    .update(JSON.stringify([draft.code, draft.dependencies, draft.secrets]))
    .digest('base64url');
  return `draft:${draft.actionId}:${content}`;
}

function eventOf(payload: Record<string, unknown>): Record<string, unknown> {
  if (!('event' in payload)) return payload;
  const { event } = payload;
  if (typeof event !== 'object' || event === null || Array.isArray(event))
    throw new InvalidError("payload.event must be an object (the event of the action's trigger).");
  return event as Record<string, unknown>;
}

function stats(t: {
  started: number;
  built: number;
  ran?: number;
  actionMs?: number;
  bootMs?: number;
  cacheMs?: number;
}): DraftTestStats {
  const ended = t.ran ?? t.built;
  return {
    total_request_duration_ms: round(ended - t.started),
    total_runtime_execution_duration_ms: round(ended - t.built),
    runtime_processing_duration_ms: round(t.built - t.started),
    action_duration_ms: round(t.actionMs ?? 0),
    runtime_external_call_duration_ms: round(t.cacheMs ?? 0),
    boot_duration_ms: round(t.bootMs ?? 0),
    network_duration_ms: 0,
  };
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
