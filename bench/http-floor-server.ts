/**
 * The floor of bench/http.bench.ts (docs/performance.md, "Fifth round"): the least a server can do for an execution
 * with the same sandbox, HTTP and store as the service, and nothing of the platform around them. Started like the
 * bare server (node --no-node-snapshot <compiled file>; PORT, HOST, ACTIONS, REDIS_URL, REDIS_KEY_PREFIX from the
 * environment). Per POST:
 * - the bearer token checked as an HS256 JWT once, then looked up (the service keeps verified tokens too);
 * - the body read and parsed, `event` checked to be an object;
 * - ONE async call into a warm isolated-vm context (one tenant isolate, 128 MB, like the service's default), whose
 *   dispatcher runs the ACTIONS handlers one after the other, each in its own context (as the service runs versions),
 *   each with the event parsed again and an `api` recording the two custom claims the bench's actions set;
 * - a record shaped like the service's, serialised once for the answer and for Redis (SET PX, pipelined once per
 *   event-loop turn, as the service's write-behind store does).
 * What it leaves out is everything the platform adds: bindings and versions looked up per tenant, secrets, limits
 * and budgets, argument checks on the host, logs, metrics, the cache, chains that stop, errors, time limits that
 * dispose isolates. The service's distance to this row is that platform's cost; this row's distance to bare is the
 * cost of the sandbox's hand-off and the store.
 */
import ivm from 'isolated-vm';
import Redis from 'ioredis';
import { jwtVerify } from 'jose';
import { randomUUID } from 'node:crypto';
import { JsonAnswer, serveJson } from './json-server';

const actions = Number(process.env.ACTIONS ?? 1);
const secret = new TextEncoder().encode(process.env.AUTH_JWT_SECRET ?? '');
const audience = process.env.AUTH_AUDIENCE ?? '';
const keyPrefix = process.env.REDIS_KEY_PREFIX ?? 'bench-floor:';
const redis = process.env.REDIS_URL ? new Redis(process.env.REDIS_URL) : undefined;
const RETENTION_MS = 10 * 24 * 3600 * 1000;

const HANDLER = `
  globalThis.run = async (eventJson, n) => {
    const event = JSON.parse(eventJson);
    const recorded = [];
    const api = {
      idToken: { setCustomClaim: (k, v) => { recorded.push('idToken.setCustomClaim', JSON.stringify([k, v])); return api; } },
      accessToken: { setCustomClaim: (k, v) => { recorded.push('accessToken.setCustomClaim', JSON.stringify([k, v])); return api; } },
    };
    api.idToken.setCustomClaim('role', event.user.app_metadata.role);
    api.accessToken.setCustomClaim('n', n);
    return recorded;
  };`;
const DISPATCHER = `
  globalThis.dispatch = async (eventJson) => {
    const out = [];
    for (let i = 0; i < handlers.length; i++) {
      const started = Date.now();
      const recorded = await handlers[i](eventJson, i);
      out.push({ recorded: recorded.join('\\u0000'), ms: Date.now() - started });
    }
    return JSON.stringify(out);
  };`;

const isolate = new ivm.Isolate({ memoryLimit: 128 });

/** A dispatcher with its own set of handler contexts; several, so concurrent executions do not share one. */
function warmSet(): ivm.Reference<(eventJson: string) => Promise<string>> {
  const dispatcher = isolate.createContextSync();
  const handlers = Array.from({ length: actions }, () => {
    const context = isolate.createContextSync();
    context.evalSync(HANDLER);
    return context.global.getSync('run', { reference: true }) as ivm.Reference<unknown>;
  });
  dispatcher.global.setSync('handlers', new ivm.ExternalCopy([]).copyInto());
  handlers.forEach((h, i) => dispatcher.evalClosureSync(`handlers[${i}] = $0;`, [h.derefInto()]));
  dispatcher.evalSync(DISPATCHER);
  return dispatcher.global.getSync('dispatch', { reference: true }) as ivm.Reference<
    (eventJson: string) => Promise<string>
  >;
}
const idle = Array.from({ length: 4 }, warmSet);
const waiting: ((set: ReturnType<typeof warmSet>) => void)[] = [];
const take = () =>
  idle.length > 0 ? Promise.resolve(idle.pop()!) : new Promise<ReturnType<typeof warmSet>>((r) => waiting.push(r));
const giveBack = (set: ReturnType<typeof warmSet>) => (waiting.length > 0 ? waiting.shift()!(set) : idle.push(set));

const verified = new Map<string, string>();
async function tenantOf(authorization: string | undefined): Promise<string | undefined> {
  if (!authorization?.startsWith('Bearer ')) return undefined;
  const known = verified.get(authorization);
  if (known) return known;
  const { payload } = await jwtVerify(authorization.slice(7), secret, { algorithms: ['HS256'], audience }).catch(
    () => ({ payload: undefined }),
  );
  const tenant = payload?.tenant_id;
  if (typeof tenant !== 'string') return undefined;
  verified.set(authorization, tenant);
  return tenant;
}

let pending: [string, string][] = [];
function flush(): void {
  const batch = pending;
  pending = [];
  const pipeline = redis!.pipeline();
  for (const [key, json] of batch) pipeline.set(key, json, 'PX', RETENTION_MS);
  pipeline.exec().catch(() => undefined); // not retried: Redis is local and up for the whole bench
}

async function execute(tenant: string, body: string): Promise<JsonAnswer> {
  let event: unknown;
  try {
    event = (JSON.parse(body) as { event?: unknown }).event;
  } catch {
    return [400, '{"statusCode":400,"error":"Bad Request","message":"invalid JSON"}'];
  }
  if (typeof event !== 'object' || event === null) return [400, '{"statusCode":400,"message":"event"}'];
  const started = new Date().toISOString();
  const set = await take();
  let answer: string;
  try {
    answer = (await set.apply(undefined, [JSON.stringify(event)], {
      timeout: 5000,
      result: { promise: true },
    })) as string;
  } finally {
    giveBack(set);
  }
  const ended = new Date().toISOString();
  const runs = JSON.parse(answer) as { recorded: string; ms: number }[];
  const record = {
    id: randomUUID().replace(/-/g, ''),
    trigger_id: 'post-login',
    status: 'final',
    results: runs.map((run, i) => ({
      action_name: `bench-${i}`,
      binding_id: `bench-binding-${i}`,
      version_id: `bench-version-${i}`,
      started_at: started,
      ended_at: ended,
      response: { stats: { action_duration_ms: run.ms, boot_duration_ms: 0 } },
    })),
    commands: runs.flatMap((run, i) => {
      const parts = run.recorded.split('\u0000');
      const out = [];
      for (let at = 0; at < parts.length; at += 2)
        out.push({ action_name: `bench-${i}`, name: parts[at], args: JSON.parse(parts[at + 1]) as unknown[] });
      return out;
    }),
    logs: [],
    created_at: started,
    updated_at: ended,
  };
  const json = JSON.stringify(record);
  if (redis) {
    if (pending.length === 0) setImmediate(flush);
    pending.push([`${keyPrefix}floor:${tenant}:${record.id}`, json]);
  }
  return [200, json];
}

serveJson(
  'floor',
  async (request, raw) => {
    const tenant = await tenantOf(request.headers.authorization);
    return tenant ? execute(tenant, raw.toString('utf8')) : [401, '{"statusCode":401,"error":"Unauthorized"}'];
  },
  () => {
    isolate.dispose();
    redis?.disconnect();
  },
);
