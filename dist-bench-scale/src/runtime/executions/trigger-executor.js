"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.TriggerExecutor = exports.ExecutionsUnavailableError = void 0;
exports.executableTrigger = executableTrigger;
/**
 * Executes a trigger: its bound, deployed versions run one after the other in binding order, inside the sandbox,
 * within one wall-time budget for the whole trigger. An error or timeout stops the chain (partial), a deny or
 * validation error cancels it (canceled), a redirect suspends it until /continue (suspended), which runs the
 * redirecting action's continue handler and then the remaining actions, with a fresh time budget.
 */
const node_crypto_1 = require("node:crypto");
const domain_errors_1 = require("../../shared/domain-errors");
const trigger_catalogue_1 = require("../../triggers/trigger-catalogue");
const cache_session_1 = require("../cache/cache-session");
const execution_scoped_cache_1 = require("../cache/execution-scoped-cache");
const action_runner_1 = require("./action-runner");
const execution_budget_1 = require("./execution-budget");
const execution_record_1 = require("./execution-record");
/** The execution store could not be read (e.g. Redis down): the caller should answer 503, not 404. */
class ExecutionsUnavailableError extends Error {
    name = 'ExecutionsUnavailableError';
}
exports.ExecutionsUnavailableError = ExecutionsUnavailableError;
const EXECUTABLE = [...new Set(trigger_catalogue_1.TRIGGERS.filter((t) => t.executable).map((t) => t.id))];
const hashState = (s) => (0, node_crypto_1.createHash)('sha256').update(s).digest('hex');
class TriggerExecutor {
    d;
    runner;
    constructor(d) {
        this.d = d;
        // One cache load per execution (every step gets the execution's one scope object), not one per action.
        this.runner = new action_runner_1.ActionRunner(d.sandbox, new execution_scoped_cache_1.ExecutionScopedCache(d.cache), d.config.cache, d.onCacheLookups);
    }
    /** `owned`: the caller hands the event over (a freshly parsed request body) and never reads it again, so it is not copied. */
    async execute(tenantId, triggerId, event, owned = false) {
        const trigger = executableTrigger(triggerId);
        const versions = await this.d.source.boundVersions(tenantId, triggerId);
        const now = this.d.clock.now().toISOString();
        const record = {
            id: this.newExecutionId(), trigger_id: triggerId, status: 'final', results: [], commands: [], logs: [], created_at: now, updated_at: now,
        };
        const stored = { tenantId, record };
        const steps = versions.map((version, index) => ({ version, handler: trigger.handler, phase: 'execute', index }));
        await this.runChain(stored, steps, this.flow(owned ? event : structuredClone(event), []), new execution_budget_1.ExecutionBudget(this.d.config.runtime));
        return this.finish(stored);
    }
    async resume(tenantId, id, state, event) {
        if (!execution_record_1.EXECUTION_ID.test(id))
            throw new domain_errors_1.NotFoundError(execution_record_1.EXECUTION_NOT_FOUND);
        const stored = await this.d.store.get(tenantId, id, this.d.clock.now().getTime()).catch((e) => {
            throw new ExecutionsUnavailableError(`Execution records are unavailable: ${e.message}`);
        });
        const continuation = stored?.continuation;
        if (!stored || stored.record.status !== 'suspended' || !continuation)
            throw new domain_errors_1.NotFoundError(execution_record_1.EXECUTION_NOT_FOUND);
        if (hashState(state) !== continuation.stateHash)
            throw new domain_errors_1.InvalidError('The state does not match this execution (wrong, or from an earlier redirect).');
        if (!(await this.d.store.claim(tenantId, id, continuation.stateHash, this.expiryOf(stored.record)))) {
            throw new domain_errors_1.InvalidError('This state has already been used to continue the execution.');
        }
        const trigger = executableTrigger(stored.record.trigger_id);
        const versions = await this.d.source.boundVersions(tenantId, stored.record.trigger_id);
        const at = versions.findIndex((v) => v.bindingId === continuation.bindingId);
        const rest = (from) => versions.slice(from).map((version, i) => ({ version, handler: trigger.handler, phase: 'execute', index: from + i }));
        const steps = at >= 0 && trigger.continueHandler
            ? [{ version: versions[at], handler: trigger.continueHandler, phase: 'continue', index: at }, ...rest(at + 1)]
            : rest(continuation.actionIndex + 1);
        stored.continuation = undefined;
        stored.record.status = 'final';
        delete stored.record.redirect;
        delete stored.record.prompt;
        const budget = execution_budget_1.ExecutionBudget.resuming(this.d.config.runtime, stored.record);
        await this.runChain(stored, steps, this.flow({ ...continuation.event, ...structuredClone(event) }, continuation.facts), budget);
        return this.finish(stored);
    }
    flow(event, facts) {
        return { event, phase: 'execute', now: () => this.d.clock.now().getTime(), facts: new Set(facts) };
    }
    async runChain(stored, steps, flow, budget) {
        const { record, tenantId } = stored;
        const deadline = Date.now() + this.d.config.runtime.executionTimeoutMs;
        const cacheScope = (0, cache_session_1.liveCacheScope)(tenantId, record.trigger_id);
        for (const step of steps) {
            const { version } = step;
            const startedAt = this.d.clock.now().toISOString();
            let artifact;
            try {
                artifact = await this.d.builder.artifactForVersion(version);
            }
            catch (e) {
                const msg = `The version's artifact could not be loaded: ${e.message}`;
                record.results.push({ ...this.resultBase(step, startedAt), error: { id: 'platform_error', msg }, response: { error: { name: 'Error', message: msg }, stats: { action_duration_ms: 0, boot_duration_ms: 0 } } });
                return void (record.status = 'partial');
            }
            flow.phase = step.phase;
            const run = await this.runner.run({
                isolationKey: tenantId, contextKey: `version:${version.versionId}`, cacheScope, triggerId: record.trigger_id,
                actionName: version.actionName, artifact, handler: step.handler, secrets: version.secrets, flow, deadline, budget,
            });
            this.recordRun(record, step, startedAt, run);
            if (run.outcome.error)
                return void (record.status = 'partial');
            if (run.stop?.kind === 'deny' || run.stop?.kind === 'validation')
                return void (record.status = 'canceled');
            if (run.stop?.kind === 'redirect' || run.stop?.kind === 'prompt')
                return this.suspend(stored, step, flow, run.stop);
        }
    }
    recordRun(record, step, startedAt, run) {
        const { outcome } = run;
        record.commands.push(...run.commands);
        if (outcome.logs.length > 0)
            record.logs.push({ action_name: step.version.actionName, lines: outcome.logs });
        record.results.push({
            ...this.resultBase(step, startedAt),
            ...(outcome.error ? { error: { id: outcome.error.kind, msg: `${outcome.error.name}: ${outcome.error.message}` } } : {}),
            response: {
                ...(outcome.error ? { error: { name: outcome.error.name, message: outcome.error.message } } : {}),
                stats: { action_duration_ms: round(outcome.runMs), boot_duration_ms: round(outcome.bootMs) },
            },
        });
    }
    resultBase(step, startedAt) {
        const { version } = step;
        return { action_name: version.actionName, binding_id: version.bindingId, version_id: version.versionId, started_at: startedAt, ended_at: this.d.clock.now().toISOString() };
    }
    suspend(stored, step, flow, stop) {
        const state = (0, node_crypto_1.randomBytes)(24).toString('base64url');
        stored.record.status = 'suspended';
        if (stop.kind === 'prompt') {
            stored.record.prompt = { id: stop.promptId, state, ...(stop.options ? { options: stop.options } : {}) };
        }
        else {
            const url = new URL(stop.url);
            for (const [k, v] of Object.entries(stop.query ?? {}))
                url.searchParams.set(k, typeof v === 'string' ? v : JSON.stringify(v));
            url.searchParams.set('state', state);
            stored.record.redirect = { url: url.toString(), state };
        }
        stored.continuation = { stateHash: hashState(state), bindingId: step.version.bindingId, actionIndex: step.index, event: flow.event, facts: [...flow.facts] };
    }
    async finish(stored) {
        stored.record.updated_at = this.d.clock.now().toISOString();
        await this.d.store.save(stored, this.expiryOf(stored.record)).catch((e) => this.d.onStoreError?.(e));
        this.d.onFinished?.(stored.record);
        return stored.record;
    }
    expiryOf(record) {
        return Date.parse(record.created_at) + this.d.config.runtime.executionRetentionMs;
    }
    randomPool = Buffer.alloc(0);
    randomAt = 0;
    newExecutionId() {
        // 6 random bytes per id out of a pooled 3 KiB draw (one randomBytes call per 512 executions, not one each)
        if (this.randomAt + 6 > this.randomPool.length)
            [this.randomPool, this.randomAt] = [(0, node_crypto_1.randomBytes)(3072), 0];
        const tail = this.randomPool.subarray(this.randomAt, (this.randomAt += 6)).toString('base64url');
        return Buffer.from(this.d.ids.newId().replace(/-/g, ''), 'hex').toString('base64url') + tail;
    }
}
exports.TriggerExecutor = TriggerExecutor;
/** The trigger's definition, or 404 (unknown id) / 400 (a trigger this service does not execute). */
function executableTrigger(triggerId) {
    const trigger = (0, trigger_catalogue_1.isTriggerId)(triggerId) ? (0, trigger_catalogue_1.currentTrigger)(triggerId) : undefined;
    if (!trigger)
        throw new domain_errors_1.NotFoundError(`The trigger "${triggerId.slice(0, 64)}" does not exist.`);
    if (!trigger.executable)
        throw new domain_errors_1.InvalidError(`The ${triggerId} trigger cannot be executed by this service; executable triggers: ${EXECUTABLE.join(', ')}.`);
    return trigger;
}
function round(ms) {
    return Math.round(ms * 1000) / 1000;
}
//# sourceMappingURL=trigger-executor.js.map