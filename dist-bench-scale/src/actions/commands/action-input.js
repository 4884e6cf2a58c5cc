"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.resolveTriggers = resolveTriggers;
exports.resolveRuntime = resolveRuntime;
exports.checkLimits = checkLimits;
exports.normaliseDependencies = normaliseDependencies;
exports.encryptSecrets = encryptSecrets;
const domain_errors_1 = require("../../shared/domain-errors");
const trigger_catalogue_1 = require("../../triggers/trigger-catalogue");
function resolveTriggers(input) {
    if (input.length !== 1)
        throw new domain_errors_1.InvalidError(`An action supports exactly one trigger; ${input.length} were given.`);
    return input.map((t, i) => {
        if (!(0, trigger_catalogue_1.isTriggerId)(t.id))
            throw new domain_errors_1.InvalidError(`Payload validation error: unknown trigger id "${t.id}" on property supported_triggers[${i}].id.`);
        const def = (0, trigger_catalogue_1.findTrigger)(t.id, t.version);
        if (!def)
            throw new domain_errors_1.InvalidError(`Trigger "${t.id}" has no version "${t.version}".`);
        return { id: def.id, version: def.version };
    });
}
function resolveRuntime(trigger, runtime) {
    const def = (0, trigger_catalogue_1.findTrigger)(trigger.id, trigger.version);
    if (!def)
        throw new domain_errors_1.InvalidError(`Unknown trigger "${trigger.id}".`);
    const chosen = runtime === undefined ? def.default_runtime : (0, trigger_catalogue_1.normaliseRuntime)(runtime);
    if (!def.runtimes.includes(chosen)) {
        throw new domain_errors_1.InvalidError(`Runtime "${runtime}" is not supported by trigger ${def.id} ${def.version}; supported: ${def.runtimes.join(', ')}.`);
    }
    return chosen;
}
function checkLimits(content, limits) {
    if (Buffer.byteLength(content.code, 'utf8') > limits.codeMaxBytes) {
        throw new domain_errors_1.InvalidError(`The action code exceeds the maximum size of ${limits.codeMaxBytes} bytes.`);
    }
    if (content.dependencies.length > limits.dependenciesPerAction) {
        throw new domain_errors_1.InvalidError(`An action can have at most ${limits.dependenciesPerAction} dependencies; ${content.dependencies.length} were given.`);
    }
    const names = content.dependencies.map((d) => d.name);
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup)
        throw new domain_errors_1.InvalidError(`Dependency "${dup}" is listed more than once.`);
    if (content.secretCount > limits.secretsPerAction) {
        throw new domain_errors_1.InvalidError(`An action can have at most ${limits.secretsPerAction} secrets; ${content.secretCount} were given.`);
    }
}
function normaliseDependencies(deps) {
    return deps?.map((d) => ({ name: d.name, version: d.version, ...(d.registry_url ? { registry_url: d.registry_url } : {}) }));
}
/** Encrypts the values sent; a secret without a value keeps its stored value (checked when merging). */
function encryptSecrets(secrets, ctx, box, limits) {
    const seen = new Set();
    return secrets.map((s) => {
        if (seen.has(s.name))
            throw new domain_errors_1.InvalidError(`Secret "${s.name}" is listed more than once.`);
        seen.add(s.name);
        if (s.name.length > limits.secretNameMax)
            throw new domain_errors_1.InvalidError(`Secret names are at most ${limits.secretNameMax} characters.`);
        if (s.value === undefined)
            return { name: s.name };
        if (s.value.length > limits.secretValueMax)
            throw new domain_errors_1.InvalidError(`The value of secret "${s.name}" exceeds ${limits.secretValueMax} characters.`);
        return { name: s.name, ...box.encrypt(s.value, { ...ctx, name: s.name }) };
    });
}
//# sourceMappingURL=action-input.js.map