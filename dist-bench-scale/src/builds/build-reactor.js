"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.BuildReactor = exports.BUILD_REACTOR_ACTOR = void 0;
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
 *   (`ActionDraftBuildFailed` with errors). A failure to record it (store unreachable) is retried with backoff.
 */
const action_context_1 = require("../actions/commands/action-context");
const action_decider_1 = require("../actions/action.decider");
const streams_1 = require("../event-store/streams");
const domain_errors_1 = require("../shared/domain-errors");
/** Who the reactor's events name as their actor in the audit trail. */
exports.BUILD_REACTOR_ACTOR = 'system:build-reactor';
const IDLE_POLL_MS = 2000;
const RETRY_BACKOFF_MS = [500, 2000, 10_000, 30_000];
class BuildReactor {
    deps;
    running = new Map();
    /** action id → draft key already recorded (or found stale) by this process, until the list drops the row. */
    settled = new Map();
    retryAt = new Map();
    stopped = false;
    wake;
    loop;
    builtTotal = 0;
    failedTotal = 0;
    queued = 0;
    constructor(deps) {
        this.deps = deps;
    }
    start() {
        this.loop ??= this.run();
    }
    /** Something may have changed in the to-do list (the projections applied a batch). */
    notify() {
        this.wake?.();
    }
    status() {
        return { queued: this.queued, running: this.running.size, builtTotal: this.builtTotal, failedTotal: this.failedTotal };
    }
    /** Stops taking new builds. Builds still running are not recorded: their drafts stay pending in the list and
     *  are built again after the next start (an npm install may take longer than a shutdown may wait). */
    async stop() {
        this.stopped = true;
        this.wake?.();
        await this.loop;
    }
    async run() {
        while (!this.stopped) {
            const woken = this.nextWake();
            this.dispatch();
            await woken;
        }
    }
    /** Resolves on notify(), a finished build, stop(), or after IDLE_POLL_MS (retries that are due). */
    nextWake() {
        return new Promise((resolve) => {
            const timer = setTimeout(() => this.wake?.(), IDLE_POLL_MS).unref();
            this.wake = () => {
                clearTimeout(timer);
                resolve();
            };
        });
    }
    dispatch() {
        const rows = this.deps.readModels.all('SELECT action_id, tenant_id, draft_key, since_commit FROM pending_builds ORDER BY since_commit');
        const listed = new Set(rows.map((r) => r.action_id));
        for (const id of this.settled.keys())
            if (!listed.has(id))
                this.settled.delete(id);
        for (const id of this.retryAt.keys())
            if (!listed.has(id))
                this.retryAt.delete(id);
        const now = Date.now();
        let waiting = 0;
        for (const row of rows) {
            if (this.running.has(row.action_id) || this.settled.get(row.action_id) === row.draft_key)
                continue;
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
    async buildOne(row) {
        const { pipeline, builder, clock, ids, config, hooks } = this.deps;
        const stream = streams_1.streams.action(row.action_id);
        try {
            const { state } = await pipeline.load(action_decider_1.actionDecider, stream);
            if (state.status !== 'Active' || state.draftKey !== row.draft_key || state.build.status !== 'pending') {
                this.settled.set(row.action_id, row.draft_key); // recorded already; the list catches up
                return;
            }
            const started = performance.now();
            const now = () => clock.now().toISOString();
            const build = await (0, action_context_1.buildDraft)(builder, state.tenantId, state.content, now);
            if (this.stopped)
                return;
            await pipeline.run({
                decider: action_decider_1.actionDecider,
                stream,
                context: { tenantId: state.tenantId, actor: exports.BUILD_REACTOR_ACTOR, correlationId: `build:${row.draft_key}`, causationId: `build:${row.draft_key}` },
                command: () => ({
                    type: 'RecordDraftBuild',
                    data: { tenantId: state.tenantId, draftKey: row.draft_key, build, versionId: ids.newId(), now: now(), maxVersions: config.limits.versionsPerAction },
                }),
            });
            this.settled.set(row.action_id, row.draft_key);
            this.retryAt.delete(row.action_id);
            if (build.status === 'built')
                this.builtTotal++;
            else
                this.failedTotal++;
            hooks?.onBuildFinished?.(build.status, (performance.now() - started) / 1000);
        }
        catch (error) {
            if (error instanceof domain_errors_1.NotFoundError) { // deleted meanwhile: nothing to record
                this.settled.set(row.action_id, row.draft_key);
                return;
            }
            const failures = (this.retryAt.get(row.action_id)?.failures ?? 0) + 1;
            const delay = RETRY_BACKOFF_MS[Math.min(failures, RETRY_BACKOFF_MS.length) - 1];
            this.retryAt.set(row.action_id, { at: Date.now() + delay, failures });
            hooks?.onError?.(error, row.action_id);
        }
    }
}
exports.BuildReactor = BuildReactor;
//# sourceMappingURL=build-reactor.js.map