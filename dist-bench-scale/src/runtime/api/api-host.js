"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ActionApiHost = void 0;
exports.sandboxMethodsOf = sandboxMethodsOf;
const api_spec_1 = require("./api-spec");
const api_surface_1 = require("./api-surface");
const sandboxForms = new Map();
/** The trigger's api for the sandbox, built once per trigger. */
function sandboxMethodsOf(triggerId) {
    let forms = sandboxForms.get(triggerId);
    if (!forms) {
        const methods = (0, api_surface_1.apiMethodsOf)(triggerId);
        sandboxForms.set(triggerId, (forms = (0, api_surface_1.apiPathsOf)(triggerId).map((path) => { const spec = methods.get(path); return (spec && (0, api_spec_1.deferredForm)(spec)) ?? path; })));
    }
    return forms;
}
/** Arguments up to this size let the first deny / validation error through even when the execution's budget is spent. */
const CANCEL_ARGS_MAX_BYTES = 1024;
class ActionApiHost {
    triggerId;
    actionName;
    flow;
    cache;
    budget;
    commands = [];
    stop;
    /** The first command refused by the execution's budget, and how many were (the record notes them). */
    refused;
    methods;
    constructor(triggerId, actionName, flow, cache, budget) {
        this.triggerId = triggerId;
        this.actionName = actionName;
        this.flow = flow;
        this.cache = cache;
        this.budget = budget;
        this.methods = (0, api_surface_1.apiMethodsOf)(triggerId);
    }
    /**
     * A call as it crosses from the sandbox: the arguments as JSON text. A command whose text alone is over what the
     * execution has left is refused before the text is even parsed.
     */
    callJson(path, json) {
        const bytes = Buffer.byteLength(json, 'utf8');
        const spec = this.methods.get(path);
        if (this.budget && spec && spec.kind !== 'query' && bytes > this.budget.bounds.commandsMaxBytes)
            return this.refuse(this.budget.takeCommand(path, bytes));
        return this.call(path, JSON.parse(json), bytes);
    }
    /** Method paths the sandbox builds `api` from. */
    methodPaths() {
        return (0, api_surface_1.apiPathsOf)(this.triggerId);
    }
    /** The methods as the sandbox builds them (answered by the host, or checked and recorded in the sandbox). */
    sandboxMethods() {
        return sandboxMethodsOf(this.triggerId);
    }
    /** Bytes of command arguments the execution may still record (the sandbox defers calls only within them). */
    commandBytesLeft() {
        return this.budget ? this.budget.commandBytesLeft() : Number.MAX_SAFE_INTEGER;
    }
    /** Loads the action's api.cache entries if not yet done; the sandbox waits for it before the first cache call. */
    prepareCache() {
        return this.cache.ensureLoaded();
    }
    /**
     * Calls the sandbox recorded without waiting for the host, in call order (flat: path, arguments JSON, ...). They
     * passed the same argument checks in the sandbox, fit the budget it was given, and cannot fail here, so they are
     * applied as if called then (through callJson: the same checks and budget again).
     */
    applyDeferred(flat) {
        if (!flat)
            return;
        for (let i = 0; i + 1 < flat.length; i += 2)
            this.callJson(String(flat[i]), String(flat[i + 1]));
    }
    call(path, args, argBytes) {
        switch (path) {
            case 'cache.get':
                return { value: this.cache.get(args[0]) ?? null };
            case 'cache.set':
                return { value: this.cache.set(args[0], args[1], args[2]) };
            case 'cache.delete':
                return { value: this.cache.delete(args[0]) };
        }
        const spec = this.methods.get(path);
        if (!spec)
            return { error: `api.${path} is not available in the ${this.triggerId} trigger` };
        const problem = (0, api_spec_1.checkArguments)(spec, args);
        if (problem)
            return { error: problem };
        if (spec.kind !== 'query' && this.budget) {
            const bytes = argBytes ?? Buffer.byteLength(JSON.stringify(args), 'utf8');
            // The first deny or validation error of a flow is never refused for a budget others spent: it must always cancel.
            const cancelling = (spec.kind === 'deny' || spec.kind === 'validation') && !this.cancels() && bytes <= CANCEL_ARGS_MAX_BYTES;
            const over = cancelling ? undefined : this.budget.takeCommand(path, bytes);
            if (over)
                return this.refuse(over);
        }
        if (spec.kind === 'redirect')
            return this.redirect(path, args);
        if (spec.kind === 'prompt')
            return this.prompt(path, args);
        const effect = spec.effect?.(args, this.flow);
        if (effect && 'error' in effect)
            return effect;
        if (spec.kind === 'query')
            return { value: effect && 'value' in effect ? effect.value : null };
        this.record(path, args);
        if ((spec.kind === 'deny' || spec.kind === 'validation') && !this.cancels())
            this.stop = { kind: spec.kind, command: path };
        return { chain: true };
    }
    redirect(path, args) {
        const options = (args[1] ?? {});
        const query = options.query;
        if (query !== undefined && query !== null && (typeof query !== 'object' || Array.isArray(query))) {
            return { error: `api.${path}: options.query must be an object of query parameters` };
        }
        this.record(path, args);
        if (!this.cancels())
            this.stop = { kind: 'redirect', url: args[0], ...(query ? { query: query } : {}) };
        return { chain: true };
    }
    refuse(message) {
        this.refused = { first: this.refused?.first ?? message, count: (this.refused?.count ?? 0) + 1 };
        return { error: message };
    }
    /** api.prompt.render: like a redirect, the flow suspends after this action (Auth0 renders the form, then calls onContinuePostLogin). */
    prompt(path, args) {
        this.record(path, args);
        const options = args[1];
        if (!this.cancels())
            this.stop = { kind: 'prompt', promptId: args[0], ...(options ? { options } : {}) };
        return { chain: true };
    }
    /** A deny or validation error outranks a redirect or prompt asked for in the same action. */
    cancels() {
        return this.stop?.kind === 'deny' || this.stop?.kind === 'validation';
    }
    record(name, args) {
        this.commands.push({ action_name: this.actionName, name, args });
    }
}
exports.ActionApiHost = ActionApiHost;
//# sourceMappingURL=api-host.js.map