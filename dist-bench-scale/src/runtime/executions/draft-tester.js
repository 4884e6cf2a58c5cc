"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.DraftTester = void 0;
/**
 * POST /actions/{id}/test (management-api.md §1.8, decision 7): runs an action's draft once with the payload's
 * `event` (or the payload itself when it has no `event` key) as the event, with the trigger's real api, a cache
 * namespace of its own (never the live trigger's), and an isolate of its own (a misbehaving draft cannot reset the
 * tenant's live executions). Answers commands, logs, error and stats; a runtime error in user code is a normal
 * result, not an HTTP error. Nothing is stored and no live data is touched.
 */
const node_crypto_1 = require("node:crypto");
const domain_errors_1 = require("../../shared/domain-errors");
const cache_session_1 = require("../cache/cache-session");
const tenant_view_1 = require("../sandbox/tenant-view");
const action_runner_1 = require("./action-runner");
const execution_budget_1 = require("./execution-budget");
const trigger_executor_1 = require("./trigger-executor");
class DraftTester {
    config;
    builder;
    clock;
    runner;
    constructor(config, sandbox, builder, cache, clock) {
        this.config = config;
        this.builder = builder;
        this.clock = clock;
        this.runner = new action_runner_1.ActionRunner(sandbox, cache, config.cache);
    }
    async test(tenantId, draft, payload) {
        const started = performance.now();
        const trigger = (0, trigger_executor_1.executableTrigger)(draft.triggerId);
        const event = eventOf(payload);
        const notBuilt = (why) => {
            const message = (0, tenant_view_1.redactSecrets)(`The draft could not be built: ${why}`, draft.secrets);
            return { payload: { commands: [], logs: [], error: { name: 'BuildError', message, stack: '' }, stats: stats({ started, built: performance.now() }) } };
        };
        if (draft.buildErrors)
            return notBuilt(draft.buildErrors.map((e) => e.msg).join('; '));
        let artifact;
        try {
            artifact = await this.builder.artifactFor(draft.code, draft.dependencies);
        }
        catch (e) {
            return notBuilt(e.message);
        }
        const built = performance.now();
        const run = await this.runner.run({
            isolationKey: `draft:${tenantId}`, contextKey: draftContextKey(draft), cacheScope: (0, cache_session_1.draftCacheScope)(tenantId, draft.actionId, draft.triggerId), triggerId: draft.triggerId,
            actionName: draft.actionName, artifact, handler: trigger.handler, secrets: draft.secrets, deadline: Date.now() + this.config.runtime.executionTimeoutMs,
            flow: { event: structuredClone(event), phase: 'execute', now: () => this.clock.now().getTime(), facts: new Set() },
            budget: new execution_budget_1.ExecutionBudget(this.config.runtime),
        });
        const { outcome } = run;
        return {
            payload: {
                commands: run.commands.map(({ name, args }) => ({ name, args })),
                logs: outcome.logs,
                ...(outcome.error ? { error: { name: outcome.error.name, message: outcome.error.message, stack: outcome.error.stack } } : {}),
                stats: stats({ started, built, ran: performance.now(), actionMs: outcome.runMs, bootMs: outcome.bootMs, cacheMs: run.cacheMs }),
            },
        };
    }
}
exports.DraftTester = DraftTester;
/** Draft runs reuse warm contexts only for the same action with the same draft content (code, dependencies, secrets). */
function draftContextKey(draft) {
    const content = (0, node_crypto_1.createHash)('sha256').update(JSON.stringify([draft.code, draft.dependencies, draft.secrets])).digest('base64url');
    return `draft:${draft.actionId}:${content}`;
}
function eventOf(payload) {
    if (!('event' in payload))
        return payload;
    const { event } = payload;
    if (typeof event !== 'object' || event === null || Array.isArray(event))
        throw new domain_errors_1.InvalidError('payload.event must be an object (the event of the action\'s trigger).');
    return event;
}
function stats(t) {
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
function round(ms) {
    return Math.round(ms * 1000) / 1000;
}
//# sourceMappingURL=draft-tester.js.map