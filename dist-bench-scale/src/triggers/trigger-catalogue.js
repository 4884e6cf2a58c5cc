"use strict";
/**
 * The triggers this service offers (GET /api/v2/actions/triggers) and what the runtime needs to know of each:
 * handler export names, which (id, version) pairs are compatible, runtimes, binding policy.
 * Source: management-api.md §1.12, §2.3, §2.9, §2.10 and runtime.md.
 */
Object.defineProperty(exports, "__esModule", { value: true });
exports.TRIGGERS = exports.ALL_TRIGGER_IDS = void 0;
exports.isTriggerId = isTriggerId;
exports.currentTrigger = currentTrigger;
exports.findTrigger = findTrigger;
exports.handlerFor = handlerFor;
exports.canBind = canBind;
exports.canMoveTrigger = canMoveTrigger;
exports.normaliseRuntime = normaliseRuntime;
/** Every id of the OAS enum (requests naming another id are refused with 400). */
exports.ALL_TRIGGER_IDS = [
    'post-login', 'credentials-exchange', 'pre-user-registration', 'post-user-registration', 'post-change-password',
    'send-phone-message', 'custom-phone-provider', 'custom-email-provider', 'password-reset-post-challenge',
    'custom-token-exchange', 'event-stream', 'password-hash-migration', 'login-post-identifier', 'signup-post-identifier',
];
const MODERN = ['node18-actions', 'node22'];
function def(id, version, handler, extra = {}) {
    return {
        id,
        version,
        status: 'CURRENT',
        runtimes: MODERN,
        default_runtime: 'node22',
        compatible_triggers: [],
        binding_policy: 'trigger-bound',
        handler,
        executable: false,
        ...extra,
    };
}
exports.TRIGGERS = [
    def('post-login', 'v1', 'onExecutePostLogin', { status: 'DEPRECATED', runtimes: ['node12'], default_runtime: 'node12', continueHandler: 'onContinuePostLogin' }),
    def('post-login', 'v2', 'onExecutePostLogin', { status: 'DEPRECATED', runtimes: ['node12', 'node16'], default_runtime: 'node16', continueHandler: 'onContinuePostLogin' }),
    def('post-login', 'v3', 'onExecutePostLogin', {
        compatible_triggers: [{ id: 'post-login', version: 'v2' }],
        continueHandler: 'onContinuePostLogin',
        runtimes: ['node16', ...MODERN],
        executable: true,
    }),
    def('credentials-exchange', 'v1', 'onExecuteCredentialsExchange', { status: 'DEPRECATED', runtimes: ['node12'], default_runtime: 'node12' }),
    def('credentials-exchange', 'v2', 'onExecuteCredentialsExchange', { executable: true }),
    def('pre-user-registration', 'v2', 'onExecutePreUserRegistration', { executable: true }),
    def('post-user-registration', 'v2', 'onExecutePostUserRegistration', { executable: true }),
    def('post-change-password', 'v2', 'onExecutePostChangePassword', { executable: true }),
    def('send-phone-message', 'v2', 'onExecuteSendPhoneMessage', { executable: true }),
    def('password-reset-post-challenge', 'v1', 'onExecutePostChallenge', { continueHandler: 'onContinuePostChallenge', executable: true }),
    def('custom-token-exchange', 'v1', 'onExecuteCustomTokenExchange', { binding_policy: 'entity-bound' }),
    def('custom-email-provider', 'v1', 'onExecuteCustomEmailProvider'),
    def('custom-phone-provider', 'v1', 'onExecuteCustomPhoneProvider'),
    def('event-stream', 'v1', 'onExecuteEventStream'),
];
function isTriggerId(id) {
    return exports.ALL_TRIGGER_IDS.includes(id);
}
/** The CURRENT definition of a trigger id (or the newest one when none is current). */
function currentTrigger(id) {
    const all = exports.TRIGGERS.filter((t) => t.id === id);
    return all.find((t) => t.status === 'CURRENT') ?? all[all.length - 1];
}
function findTrigger(id, version) {
    if (version === undefined)
        return currentTrigger(id);
    return exports.TRIGGERS.find((t) => t.id === id && t.version === version);
}
/** Handler export name for a trigger id (the same across its versions). */
function handlerFor(triggerId) {
    return currentTrigger(triggerId)?.handler;
}
/** An action whose trigger is `from` may be bound to trigger id `toTriggerId` (same id, or listed compatible). */
function canBind(from, toTriggerId) {
    if (from.id === toTriggerId)
        return true;
    const d = findTrigger(from.id, from.version);
    return !!d && d.compatible_triggers.some((c) => c.id === toTriggerId);
}
/** An action may move from one trigger to another: a later version of the same id, or a compatible pair. */
function canMoveTrigger(from, to) {
    if (from.id === to.id && from.version === to.version)
        return true;
    if (from.id === to.id)
        return to.version > from.version;
    const a = findTrigger(from.id, from.version);
    const b = findTrigger(to.id, to.version);
    const listed = (x, y) => !!x && !!y && x.compatible_triggers.some((c) => c.id === y.id && c.version === y.version);
    return listed(a, to) || listed(b, from);
}
/** Runtime ids as the API stores and echoes them (node18 is stored as node18-actions). */
function normaliseRuntime(runtime) {
    return runtime === 'node18' ? 'node18-actions' : runtime;
}
//# sourceMappingURL=trigger-catalogue.js.map