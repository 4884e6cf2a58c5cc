"use strict";
/**
 * How a trigger's `api` is described: each method is a path (`idToken.setCustomClaim`), what calling it means
 * (kind), the parameters it validates, and an optional effect on the flow (a value it answers, or a change later
 * actions see in their event). A parameter that fails validation becomes a TypeError thrown inside the sandbox.
 */
Object.defineProperty(exports, "__esModule", { value: true });
exports.p = void 0;
exports.infallible = infallible;
exports.deferredForm = deferredForm;
exports.opt = opt;
exports.method = method;
exports.checkArguments = checkArguments;
exports.isHttpUrl = isHttpUrl;
exports.writeIntoEvent = writeIntoEvent;
const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
const param = (name, expected, test, check) => ({ name, expected, test, ...(check ? { check } : {}) });
/** Parameter builders. `opt(p)` makes one optional (absent or null/undefined is accepted). The last argument names
 *  the sandbox's copy of the test (same name, same answer); url has none (the sandbox has no URL parser). */
exports.p = {
    text: (name) => param(name, 'a non-empty string', (v) => typeof v === 'string' && v.length > 0, 'text'),
    string: (name) => param(name, 'a string', (v) => typeof v === 'string', 'string'),
    any: (name) => param(name, 'a value', () => true, 'any'),
    object: (name) => param(name, 'an object', isObject, 'object'),
    boolean: (name) => param(name, 'a boolean', (v) => typeof v === 'boolean', 'boolean'),
    number: (name) => param(name, 'a finite number', (v) => typeof v === 'number' && Number.isFinite(v), 'number'),
    epochMs: (name) => param(name, 'a positive number of milliseconds since the epoch', (v) => typeof v === 'number' && Number.isFinite(v) && v > 0, 'epochMs'),
    primitive: (name) => param(name, 'a string, number or boolean', (v) => ['string', 'number', 'boolean'].includes(typeof v), 'primitive'),
    oneOf: (name, values) => ({ ...param(name, `one of ${values.map((v) => `"${v}"`).join(', ')}`, (v) => typeof v === 'string' && values.includes(v), 'oneOf'), values }),
    url: (name) => param(name, 'an absolute http(s) URL', (v) => typeof v === 'string' && isHttpUrl(v)),
    strings: (name) => param(name, 'an array of strings', (v) => Array.isArray(v) && v.every((s) => typeof s === 'string'), 'strings'),
    factor: (name) => param(name, 'a factor object with a string "type"', (v) => isObject(v) && typeof v.type === 'string' && v.type.length > 0, 'factor'),
    factors: (name) => param(name, 'a non-empty array of factor objects, each with a string "type"', (v) => Array.isArray(v) && v.length > 0 && v.every((f) => isObject(f) && typeof f.type === 'string'), 'factors'),
};
/** Marks an effect that never answers an error (it only writes into the event), so the call can be deferred. */
function infallible(effect) {
    return Object.assign(effect, { infallible: true });
}
function deferredForm(spec) {
    if (spec.kind !== 'command' && spec.kind !== 'deny' && spec.kind !== 'validation')
        return undefined;
    if (spec.effect && !spec.effect.infallible)
        return undefined;
    if (spec.params.some((x) => !x.check))
        return undefined;
    return {
        path: spec.path,
        params: spec.params.map((x) => ({ name: x.name, expected: x.expected, check: x.check, ...(x.optional ? { optional: true } : {}), ...(x.values ? { values: x.values } : {}) })),
    };
}
function opt(x) {
    return { ...x, optional: true };
}
function method(path, params = [], kind = 'command', effect) {
    return { path, kind, params, ...(effect ? { effect } : {}) };
}
/** The TypeError message for the first argument that does not fit, or undefined when all fit. */
function checkArguments(spec, args) {
    const signature = `api.${spec.path}(${spec.params.map((x) => (x.optional ? `[${x.name}]` : x.name)).join(', ')})`;
    for (const [i, x] of spec.params.entries()) {
        const value = args[i];
        const absent = i >= args.length || value === null || value === undefined;
        if (absent && x.optional)
            continue;
        if (i >= args.length)
            return `${signature}: missing argument "${x.name}" (${x.expected})`;
        if (!x.test(value))
            return `${signature}: "${x.name}" must be ${x.expected}, got ${describe(value)}`;
    }
    return undefined;
}
function describe(v) {
    if (v === null)
        return 'null';
    if (Array.isArray(v))
        return 'an array';
    if (typeof v === 'string')
        return v.length > 40 ? `a string of ${v.length} characters` : JSON.stringify(v);
    return typeof v === 'object' ? 'an object' : `${typeof v} ${String(v)}`;
}
function isHttpUrl(v) {
    try {
        const u = new URL(v);
        return u.protocol === 'https:' || u.protocol === 'http:';
    }
    catch {
        return false;
    }
}
/**
 * Sets or deletes (value null) `key` of the object at `path` in the event, creating the objects on the way.
 * Keys are own data properties, as JSON.parse makes them: a key named `__proto__` is stored as such and never
 * changes an object's prototype (docs/security.md, "Sandbox").
 */
function writeIntoEvent(event, path, key, value) {
    let node = event;
    for (const segment of path) {
        if (!Object.hasOwn(node, segment) || !isObject(node[segment]))
            setOwn(node, segment, {});
        node = node[segment];
    }
    if (value === null)
        delete node[key];
    else
        setOwn(node, key, value);
}
function setOwn(node, key, value) {
    Object.defineProperty(node, key, { value, writable: true, enumerable: true, configurable: true });
}
//# sourceMappingURL=api-spec.js.map