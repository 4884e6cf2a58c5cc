/**
 * The build reactor (docs/architecture.md, "Builds"): creates and updates only record the draft (`pending`); this
 * worker builds each pending draft content out of the request path and records the outcome in the action's stream.
 *
 * - What to build comes from the `pending-builds` projection (a checkpointed to-do list), oldest first. The
 *   reactor wakes when the projections apply a batch, and every few seconds in case a build must be retried.
 * - At most `concurrency` builds run at once; the rest wait in the list (`status()` and /metrics show both).
 * - The outcome goes through the command pipeline as `RecordDraftBuild` with the revision it read: if the draft
 *   changed meanwhile, or another replica recorded the same build first, the decider answers nothing and the
 *   result is dropped. Two replicas building one draft therefore end with one `ActionDraftBuilt`, and since
 *   artifacts are content-addressed, both serve the same artifact.
 * - A build failure of the code (syntax, missing handler, npm package not found) is a domain outcome
 *   (`ActionDraftBuildFailed` with errors). A failure to record it (store unreachable) is retried with backoff
 *   (shared/retry.ts); each draft has its own schedule, so one failing draft does not hold up the others.
 */
import { buildDraft } from './build-draft';
import { actionDecider } from '../actions/actions.decider';
import type { AppConfig } from '../config/config';
import { streams } from '../event-store/streams';
import type { ActionBuilder } from '../runtime/runtime.ports';
import type { Clock, IdGenerator } from '../shared/clock';
import type { CommandPipeline } from '../shared/command-pipeline';
import { NotFoundError } from '../shared/domain-errors';
import type { ReadModels } from '../shared/read-models';
import { Backoff, backoffDelay } from '../shared/retry';
import type { PendingBuildRow } from './projections/pending-builds.projection';

/** Who the reactor's events name as their actor in the audit trail. */
export const BUILD_REACTOR_ACTOR = 'system:build-reactor';
const IDLE_POLL_MS = 2000;
const RETRY_BACKOFF: Backoff = { initialDelayMs: 500, maxDelayMs: 30_000 };

export interface BuildReactorStatus {
  /** Pending drafts not being built yet. */
  queued: number;
  running: number;
  builtTotal: number;
  failedTotal: number;
}

export interface BuildReactorHooks {
  onQueue?(queued: number, running: number): void;
  onBuildFinished?(status: 'built' | 'failed', seconds: number): void;
  onError?(error: Error, actionId: string): void;
}

export interface BuildReactorDeps {
  config: AppConfig;
  readModels: ReadModels;
  pipeline: CommandPipeline;
  builder: ActionBuilder;
  clock: Clock;
  ids: IdGenerator;
  hooks?: BuildReactorHooks;
}

export class BuildReactor {
  private readonly running = new Map<string, Promise<void>>();
  /** action id → draft key already recorded (or found stale) by this process, until the list drops the row. */
  private readonly settled = new Map<string, string>();
  private readonly retryAt = new Map<string, { at: number; failures: number }>();
  private stopped = false;
  private wake?: () => void;
  private loop?: Promise<void>;
  private builtTotal = 0;
  private failedTotal = 0;
  private queued = 0;

  constructor(private readonly deps: BuildReactorDeps) {}

  start(): void {
    this.loop ??= this.run();
  }

  /** Something may have changed in the to-do list (the projections applied a batch). */
  notify(): void {
    this.wake?.();
  }

  status(): BuildReactorStatus {
    return {
      queued: this.queued,
      running: this.running.size,
      builtTotal: this.builtTotal,
      failedTotal: this.failedTotal,
    };
  }

  /** Stops taking new builds. Builds still running are not recorded: their drafts stay pending in the list and
   *  are built again after the next start (an npm install may take longer than a shutdown may wait). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      const woken = this.nextWake();
      try {
        this.dispatch();
      } catch (error) {
        // the to-do list cannot be read yet (its table is created as the projections start): next wake
        this.deps.hooks?.onError?.(error as Error, '(pending-builds list)');
      }
      await woken;
    }
  }

  /** Resolves on notify(), a finished build, stop(), or after IDLE_POLL_MS (retries that are due). */
  private nextWake(): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => this.wake?.(), IDLE_POLL_MS).unref();
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private dispatch(): void {
    const rows = this.deps.readModels.all<PendingBuildRow>('SELECT * FROM pending_builds ORDER BY since_commit');
    const listed = new Set(rows.map((r) => r.action_id));
    for (const id of this.settled.keys()) if (!listed.has(id)) this.settled.delete(id);
    for (const id of this.retryAt.keys()) if (!listed.has(id)) this.retryAt.delete(id);
    const now = Date.now();
    let waiting = 0;
    for (const row of rows) {
      if (this.running.has(row.action_id) || this.settled.get(row.action_id) === row.draft_key) continue;
      const retry = this.retryAt.get(row.action_id);
      if (this.stopped || this.running.size >= this.deps.config.build.concurrency || (retry && retry.at > now)) {
        waiting++;
        continue;
      }
      const job = this.buildOne(row).finally(() => {
        this.running.delete(row.action_id);
        this.wake?.();
      });
      this.running.set(row.action_id, job);
    }
    this.queued = waiting;
    this.deps.hooks?.onQueue?.(waiting, this.running.size);
  }

  private async buildOne(row: PendingBuildRow): Promise<void> {
    const { pipeline, builder, clock, ids, config, hooks } = this.deps;
    const stream = streams.action(row.action_id);
    try {
      const { state } = await pipeline.load(actionDecider, stream);
      if (state.status !== 'Active' || state.draftKey !== row.draft_key || state.build.status !== 'pending') {
        this.settled.set(row.action_id, row.draft_key); // recorded already; the list catches up
        return;
      }
      const started = performance.now();
      const now = () => clock.now().toISOString();
      const build = await buildDraft(builder, state.tenantId, state.content, now);
      if (this.stopped) return;
      await pipeline.run({
        decider: actionDecider,
        stream,
        // the request that made the draft pending, and its event: history links the build to them
        context: {
          tenantId: state.tenantId,
          actor: BUILD_REACTOR_ACTOR,
          correlationId: row.correlation_id,
          causationId: row.causation_id,
        },
        command: () => ({
          type: 'RecordDraftBuild' as const,
          data: {
            tenantId: state.tenantId,
            draftKey: row.draft_key,
            build,
            versionId: ids.newId(),
            now: now(),
            maxVersions: config.limits.versionsPerAction,
          },
        }),
      });
      this.settled.set(row.action_id, row.draft_key);
      this.retryAt.delete(row.action_id);
      if (build.status === 'built') this.builtTotal++;
      else this.failedTotal++;
      hooks?.onBuildFinished?.(build.status, (performance.now() - started) / 1000);
    } catch (error) {
      if (error instanceof NotFoundError) {
        // deleted meanwhile: nothing to record
        this.settled.set(row.action_id, row.draft_key);
        return;
      }
      const failures = (this.retryAt.get(row.action_id)?.failures ?? 0) + 1;
      this.retryAt.set(row.action_id, { at: Date.now() + backoffDelay(failures, RETRY_BACKOFF), failures });
      hooks?.onError?.(error as Error, row.action_id);
    }
  }
}
