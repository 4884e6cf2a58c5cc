/**
 * How a trigger's `api` is described: each method is a path (`idToken.setCustomClaim`), what calling it means
 * (kind), the parameters it validates, and an optional effect on the flow (a value it answers, or a change later
 * actions see in their event). A parameter that fails validation becomes a TypeError thrown inside the sandbox.
 */

export type MethodKind =
  | 'command' // recorded in call order; returns api (chainable)
  | 'deny' // recorded; no later action runs (status canceled)
  | 'validation' // recorded; no later action runs (status canceled)
  | 'redirect' // recorded; the execution suspends after this action
  | 'prompt' // recorded; the execution suspends after this action until the prompt's answers come back
  | 'query'; // answered by the host; records nothing

/** State shared by the actions of one execution (and the phase of the running handler). */
export interface FlowContext {
  /** The event later actions receive; effects such as transaction.setMetadata write into it. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the event is JSON the api methods read and write by path
  event: Record<string, any>;
  /** `continue` while a redirecting action's onContinue handler runs. */
  phase: 'execute' | 'continue';
  now(): number;
  /** Flow-wide facts some methods enforce (setPrimaryUser once per transaction, ...). */
  facts: Set<string>;
}

/** Answer of an effect: a value for the sandbox, or a TypeError message. Undefined = nothing special. */
export type EffectResult = { value: unknown } | { error: string } | undefined;

export interface Param {
  name: string;
  optional?: boolean;
  /** What the value must be, for the message ("a non-empty string"). */
  expected: string;
  test(value: unknown): boolean;
  /** The same test by name, for the sandbox's own copy of it (ARGUMENT_CHECKS in sandbox/bootstrap.ts); absent = host only. */
  check?: string;
  /** oneOf's values. */
  values?: readonly string[];
}

export interface MethodSpec {
  path: string;
  kind: MethodKind;
  params: Param[];
  effect?: (args: unknown[], flow: FlowContext) => EffectResult;
}

export type TriggerApi = readonly MethodSpec[];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const param = (name: string, expected: string, test: (v: unknown) => boolean, check?: string): Param => ({
  name,
  expected,
  test,
  ...(check ? { check } : {}),
});

/** Parameter builders. `opt(p)` makes one optional (absent or null/undefined is accepted). The last argument names
 *  the sandbox's copy of the test (same name, same answer); url has none (the sandbox has no URL parser). */
export const p = {
  text: (name: string) => param(name, 'a non-empty string', (v) => typeof v === 'string' && v.length > 0, 'text'),
  string: (name: string) => param(name, 'a string', (v) => typeof v === 'string', 'string'),
  any: (name: string) => param(name, 'a value', () => true, 'any'),
  object: (name: string) => param(name, 'an object', isObject, 'object'),
  boolean: (name: string) => param(name, 'a boolean', (v) => typeof v === 'boolean', 'boolean'),
  number: (name: string) =>
    param(name, 'a finite number', (v) => typeof v === 'number' && Number.isFinite(v), 'number'),
  epochMs: (name: string) =>
    param(
      name,
      'a positive number of milliseconds since the epoch',
      (v) => typeof v === 'number' && Number.isFinite(v) && v > 0,
      'epochMs',
    ),
  primitive: (name: string) =>
    param(name, 'a string, number or boolean', (v) => ['string', 'number', 'boolean'].includes(typeof v), 'primitive'),
  oneOf: (name: string, values: readonly string[]) => ({
    ...param(
      name,
      `one of ${values.map((v) => `"${v}"`).join(', ')}`,
      (v) => typeof v === 'string' && values.includes(v),
      'oneOf',
    ),
    values,
  }),
  url: (name: string) => param(name, 'an absolute http(s) URL', (v) => typeof v === 'string' && isHttpUrl(v)),
  strings: (name: string) =>
    param(name, 'an array of strings', (v) => Array.isArray(v) && v.every((s) => typeof s === 'string'), 'strings'),
  factor: (name: string) =>
    param(
      name,
      'a factor object with a string "type"',
      (v) => isObject(v) && typeof v.type === 'string' && v.type.length > 0,
      'factor',
    ),
  factors: (name: string) =>
    param(
      name,
      'a non-empty array of factor objects, each with a string "type"',
      (v) => Array.isArray(v) && v.length > 0 && v.every((f) => isObject(f) && typeof f.type === 'string'),
      'factors',
    ),
};

/** Marks an effect that never answers an error (it only writes into the event), so the call can be deferred. */
export function infallible(effect: NonNullable<MethodSpec['effect']>): NonNullable<MethodSpec['effect']> {
  return Object.assign(effect, { infallible: true });
}

/**
 * A method the sandbox answers itself, for the api of the sandbox: its arguments are checked inside the isolate with
 * the same tests and messages, and the call is recorded there and handed to the host with the action's result
 * (ActionApiHost.applyDeferred), so the isolate does not wait for the host on every call. That is the case when
 * the call can only answer `api` or a TypeError about its arguments: a command, deny or validation whose parameters
 * all have a sandbox check and whose effect, if any, cannot fail.
 */
export interface DeferredMethod {
  path: string;
  params: { name: string; optional?: boolean; expected: string; check: string; values?: readonly string[] }[];
  /**
   * A plain command: recording it changes nothing later actions see (no effect on the event, no stop). The sandbox
   * runs the next bound action in the same call into the isolate only after actions that made nothing but these.
   */
  pure?: true;
}

export function deferredForm(spec: MethodSpec): DeferredMethod | undefined {
  if (spec.kind !== 'command' && spec.kind !== 'deny' && spec.kind !== 'validation') return undefined;
  if (spec.effect && !(spec.effect as { infallible?: boolean }).infallible) return undefined;
  if (spec.params.some((x) => !x.check)) return undefined;
  return {
    path: spec.path,
    params: spec.params.map((x) => ({
      name: x.name,
      expected: x.expected,
      check: x.check!,
      ...(x.optional ? { optional: true } : {}),
      ...(x.values ? { values: x.values } : {}),
    })),
    ...(spec.kind === 'command' && !spec.effect ? { pure: true as const } : {}),
  };
}

export function opt(x: Param): Param {
  return { ...x, optional: true };
}

export function method(
  path: string,
  params: Param[] = [],
  kind: MethodKind = 'command',
  effect?: MethodSpec['effect'],
): MethodSpec {
  return { path, kind, params, ...(effect ? { effect } : {}) };
}

/** The TypeError message for the first argument that does not fit, or undefined when all fit. */
export function checkArguments(spec: MethodSpec, args: unknown[]): string | undefined {
  const signature = `api.${spec.path}(${spec.params.map((x) => (x.optional ? `[${x.name}]` : x.name)).join(', ')})`;
  for (const [i, x] of spec.params.entries()) {
    const value = args[i];
    const absent = i >= args.length || value === null || value === undefined;
    if (absent && x.optional) continue;
    if (i >= args.length) return `${signature}: missing argument "${x.name}" (${x.expected})`;
    if (!x.test(value)) return `${signature}: "${x.name}" must be ${x.expected}, got ${describe(value)}`;
  }
  return undefined;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return v.length > 40 ? `a string of ${v.length} characters` : JSON.stringify(v);
  return typeof v === 'object' ? 'an object' : `${typeof v} ${String(v)}`;
}

export function isHttpUrl(v: string): boolean {
  try {
    const u = new URL(v);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

/**
 * Sets or deletes (value null) `key` of the object at `path` in the event, creating the objects on the way.
 * Keys are own data properties, as JSON.parse makes them: a key named `__proto__` is stored as such and never
 * changes an object's prototype (docs/security.md, "Sandbox").
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- walks JSON of any shape
export function writeIntoEvent(event: Record<string, any>, path: string[], key: string, value: unknown): void {
  let node = event;
  for (const segment of path) {
    if (!Object.hasOwn(node, segment) || !isObject(node[segment])) setOwn(node, segment, {});
    node = node[segment];
  }
  if (value === null) delete node[key];
  else setOwn(node, key, value);
}

function setOwn(node: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(node, key, { value, writable: true, enumerable: true, configurable: true });
}
