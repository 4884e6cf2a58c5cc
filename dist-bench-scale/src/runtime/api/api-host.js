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
class ActionApiHost {
    triggerId;
    actionName;
    flow;
    cache;
    commands = [];
    stop;
    methods;
    constructor(triggerId, actionName, flow, cache) {
        this.triggerId = triggerId;
        this.actionName = actionName;
        this.flow = flow;
        this.cache = cache;
        this.methods = (0, api_surface_1.apiMethodsOf)(triggerId);
    }
    /** Method paths the sandbox builds `api` from. */
    methodPaths() {
        return (0, api_surface_1.apiPathsOf)(this.triggerId);
    }
    /** The methods as the sandbox builds them (answered by the host, or checked and recorded in the sandbox). */
    sandboxMethods() {
        return sandboxMethodsOf(this.triggerId);
    }
    /**
     * Calls the sandbox recorded without waiting for the host, in call order (flat: path, arguments JSON, ...). They
     * passed the same argument checks in the sandbox and cannot fail here, so they are applied as if called then.
     */
    applyDeferred(flat) {
        if (!flat)
            return;
        for (let i = 0; i + 1 < flat.length; i += 2) {
            const path = String(flat[i]);
            if (!this.methods.has(path))
                continue;
            const args = JSON.parse(String(flat[i + 1]));
            this.call(path, Array.isArray(args) ? args : []);
        }
    }
    call(path, args) {
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
        if (spec.kind === 'redirect')
            return this.redirect(path, args);
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
    /** A deny or validation error outranks a redirect asked for in the same action. */
    cancels() {
        return this.stop?.kind === 'deny' || this.stop?.kind === 'validation';
    }
    record(name, args) {
        this.commands.push({ action_name: this.actionName, name, args });
    }
}
exports.ActionApiHost = ActionApiHost;
//# sourceMappingURL=api-host.js.map