/**
 * Executions over real HTTP against a bare node:http server, as ratios measured in one run (issue 12).
 *
 * Child processes started the same way (`node --no-node-snapshot <compiled entry>`): the bare server of
 * http-bare-server.ts, the real service (dist-bench/src/main.js, Redis configured with its own key prefix, which is
 * deleted afterwards) and, for their rows only, the floor of http-floor-server.ts with 1 and 5 handlers (the same
 * sandbox hand-off and store without the platform). One load generator in this process drives them all: autocannon,
 * 32 keep-alive connections, a fixed duration after an untimed warm-up. Rows: bare, the floor and an execution with
 * 1 bound action, the same with 5, and GET of an action, each with its ratio to bare and p50/p99 latency in the
 * note, and CPU per request of the server, its main thread and the load generator. Bare is measured first and last;
 * the baseline is the mean of both (their spread is in its note): on a 2-core machine shared with other work, the
 * ratios are what carries, not the absolute numbers.
 *
 * Knobs (environment): BENCH_HTTP_SECONDS (duration per row), BENCH_HTTP_ROWS (comma list of
 * bare,floor1,exec1,floor5,exec5,get),
 * BENCH_CPU_PROF (a directory: the service child runs with --cpu-prof there), BENCH_NODE_FLAGS (extra node flags of
 * the service child, e.g. --max-inlined-bytecode-size=0 to keep inlined functions apart in a profile),
 * BENCH_HTTP_SERVICE_ENV (JSON, extra environment of the service child).
 */
import autocannon from 'autocannon';
import Redis from 'ioredis';
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { mintToken } from '../src/auth/mint-token';
import type { BenchOptions, BenchRow } from './harness';

const SUITE = 'http';
const SECRET = 'bench-http-secret-that-is-long-enough-for-hs256-0123456789';
const AUDIENCE = 'http://localhost:3000/api/v2/';
const REDIS_URL = 'redis://127.0.0.1:6379';
const CONNECTIONS = Number(process.env.BENCH_HTTP_CONNECTIONS ?? 32);

/** A post-login event of a realistic size (about 700 bytes of JSON). */
const EVENT = {
  user: {
    user_id: 'auth0|64b7f0c2a1b2c3d4e5f60718',
    email: 'ada@example.com',
    email_verified: true,
    name: 'Ada Lovelace',
    app_metadata: { role: 'admin', plan: 'pro' },
    user_metadata: { locale: 'en' },
    created_at: '2024-01-01T00:00:00.000Z',
    logins_count: 42,
  },
  client: { client_id: 'k3Jf8sL2mQ9xR4tV7wY1zA5bC6dE0gH', name: 'My App', metadata: {} },
  connection: { id: 'con_0123456789abcdef', name: 'Username-Password-Authentication', strategy: 'auth0' },
  request: {
    ip: '203.0.113.7',
    method: 'POST',
    hostname: 'login.example.com',
    language: 'en',
    user_agent: 'Mozilla/5.0 (X11; Linux x86_64) bench',
  },
  transaction: { requested_scopes: ['openid', 'profile', 'email'], protocol: 'oidc-basic-profile', locale: 'en' },
  authentication: { methods: [{ name: 'pwd', timestamp: '2024-06-01T12:00:00.000Z' }] },
  stats: { logins_count: 42 },
};
const BODY = JSON.stringify({ event: EVENT });

/** What each bound action does: two recorded commands that read the event; no api.cache, no console. */
const actionCode = (i: number) =>
  `exports.onExecutePostLogin = async (event, api) => {\n  api.idToken.setCustomClaim('role', event.user.app_metadata.role);\n  api.accessToken.setCustomClaim('n', ${i});\n};`;

export interface Child {
  process: ChildProcess;
  lines: string[];
  stderr: string[];
}

export interface LoadResult {
  perSecond: number;
  requests: number;
  elapsedMs: number;
  p50: number;
  p99: number;
  p90: number;
  /** CPU time of the server process (all its threads) per answered request, µs; undefined where /proc is not. */
  cpuUsPerRequest?: number;
  /** Of that, its main thread's (the event loop's: HTTP, the executor, every call into an isolate starts there), µs. */
  mainCpuUsPerRequest?: number;
  /** Share of the timed run the main thread was on a CPU (1: it was the limit). */
  mainBusy?: number;
  /** CPU time of this process (the load generator) per answered request, µs. */
  loadCpuUsPerRequest?: number;
  /** The server's resident memory before and after the timed run, MB (a growth here is memory kept per request). */
  rssMb?: [number, number];
}

export async function run(options: BenchOptions = {}): Promise<BenchRow[]> {
  const seconds = Number(process.env.BENCH_HTTP_SECONDS ?? (options.quick ? 5 : 15));
  const warmupSeconds = options.quick ? 2 : 3;
  const wanted = new Set(
    (process.env.BENCH_HTTP_ROWS ?? 'bare,floor1,exec1,floor5,exec5,get').split(',').map((s) => s.trim()),
  );
  const root = projectRoot();
  const distBench = path.join(root, 'dist-bench');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-http-'));
  const keyPrefix = `bench-http:${process.pid}:`;
  const redisUp = await redisReachable();
  const children: Child[] = [];
  try {
    const barePort = await freePort();
    const bare = startChild(path.join(distBench, 'bench', 'http-bare-server.js'), {
      PORT: String(barePort),
      HOST: '127.0.0.1',
    });
    children.push(bare);
    await waitFor(
      () => bare.lines.some((l) => l.includes('bare server listening')),
      10_000,
      'the bare server to listen',
      bare,
    );

    const servicePort = await freePort();
    const profileDir = process.env.BENCH_CPU_PROF;
    const service = startChild(
      path.join(distBench, 'src', 'main.js'),
      {
        PORT: String(servicePort),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        LOG_LEVEL: 'info',
        AUTH_JWT_SECRET: SECRET,
        AUTH_AUDIENCE: AUDIENCE,
        ...(redisUp ? { REDIS_URL, REDIS_KEY_PREFIX: keyPrefix } : {}),
        ...(JSON.parse(process.env.BENCH_HTTP_SERVICE_ENV ?? '{}') as Record<string, string>),
      },
      [
        ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
        ...(process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean),
      ],
    );
    children.push(service);
    const bareUrl = `http://127.0.0.1:${barePort}`;
    const serviceUrl = `http://127.0.0.1:${servicePort}`;
    await waitFor(
      async () => (await fetch(`${serviceUrl}/health/ready`).catch(() => undefined))?.status === 200,
      30_000,
      'the service to be ready',
      service,
    );

    const scope = 'read:actions create:actions update:actions delete:actions execute:actions';
    const tokens = {
      one: await mintToken({ secret: SECRET, audience: AUDIENCE, scope, tenantId: 'bench-one' }),
      five: await mintToken({ secret: SECRET, audience: AUDIENCE, scope, tenantId: 'bench-five' }),
    };
    const [oneIds, fiveIds] = [
      await deployBound(serviceUrl, tokens.one, 1),
      await deployBound(serviceUrl, tokens.five, 5),
    ];
    const headersOf = (token: string) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });
    const execUrl = `${serviceUrl}/runtime/v1/triggers/post-login/executions`;
    await expectExecution(execUrl, headersOf(tokens.one), 1);
    await expectExecution(execUrl, headersOf(tokens.five), 5);

    const post = (url: string, token?: string) => ({
      url,
      method: 'POST' as const,
      body: BODY,
      headers: token ? headersOf(token) : { 'content-type': 'application/json' },
    });
    const load = (target: autocannon.Options, server: Child = service) =>
      measureLoad(target, seconds, warmupSeconds, CONNECTIONS, server.process.pid);
    // The floor (http-floor-server.ts) with 1 or 5 handlers: started for its row only, so it is idle in no other row.
    const floor = async (actions: number): Promise<LoadResult> => {
      const floorPort = await freePort();
      const child = startChild(path.join(distBench, 'bench', 'http-floor-server.js'), {
        PORT: String(floorPort),
        HOST: '127.0.0.1',
        ACTIONS: String(actions),
        AUTH_JWT_SECRET: SECRET,
        AUTH_AUDIENCE: AUDIENCE,
        ...(redisUp ? { REDIS_URL, REDIS_KEY_PREFIX: keyPrefix } : {}),
      });
      try {
        await waitFor(
          () => child.lines.some((l) => l.includes('floor server listening')),
          10_000,
          'the floor server to listen',
          child,
        );
        const url = `http://127.0.0.1:${floorPort}/runtime/v1/triggers/post-login/executions`;
        await expectExecution(url, headersOf(tokens.one), actions);
        return await load(post(url, tokens.one), child);
      } finally {
        await stopChild(child);
      }
    };
    const results = new Map<string, LoadResult>();
    const bares: LoadResult[] = [];
    if (wanted.has('bare')) bares.push(await load(post(bareUrl), bare));
    if (wanted.has('floor1')) results.set('floor1', await floor(1));
    if (wanted.has('exec1')) results.set('exec1', await load(post(execUrl, tokens.one)));
    if (wanted.has('floor5')) results.set('floor5', await floor(5));
    if (wanted.has('exec5')) results.set('exec5', await load(post(execUrl, tokens.five)));
    if (wanted.has('get'))
      results.set(
        'get',
        await load({
          url: `${serviceUrl}/api/v2/actions/actions/${oneIds[0]}`,
          method: 'GET',
          headers: headersOf(tokens.one),
        }),
      );
    if (wanted.has('bare')) bares.push(await load(post(bareUrl), bare));
    void fiveIds;

    const rows: BenchRow[] = [];
    const cpu = (r: LoadResult) =>
      (r.cpuUsPerRequest === undefined ? '' : `; server CPU ${Math.round(r.cpuUsPerRequest)} µs/request`) +
      (r.mainCpuUsPerRequest === undefined
        ? ''
        : ` (main thread ${Math.round(r.mainCpuUsPerRequest)} µs, busy ${Math.round(100 * r.mainBusy!)} %)`) +
      (r.loadCpuUsPerRequest === undefined ? '' : `, load generator ${Math.round(r.loadCpuUsPerRequest)} µs`) +
      (r.rssMb === undefined ? '' : `, RSS ${r.rssMb[0]} → ${r.rssMb[1]} MB`);
    const lat = (r: LoadResult) => `p50 ${r.p50} ms, p90 ${r.p90} ms, p99 ${r.p99} ms${cpu(r)}`;
    const caveat = `${CONNECTIONS} keep-alive connections, ${seconds} s each, ${os.cpus().length} cores shared with the load generator${redisUp ? ', Redis' : ', NO Redis (not reachable)'}`;
    let baseline: BenchRow | undefined;
    if (bares.length > 0) {
      const perSecond = bares.reduce((n, b) => n + b.perSecond, 0) / bares.length;
      baseline = {
        suite: SUITE,
        name: 'baseline: bare node:http, POST with a JSON body',
        unit: 'requests/s',
        perSecond,
        iterations: bares.reduce((n, b) => n + b.requests, 0),
        elapsedMs: bares.reduce((n, b) => n + b.elapsedMs, 0),
        note: `${lat(bares[0])}; first/last run ${bares.map((b) => Math.round(b.perSecond)).join('/')} req/s; ${caveat}`,
      };
      rows.push(baseline);
    }
    const names: Record<string, string> = {
      floor1: 'floor: node:http + token + one isolated-vm call (1 handler) + Redis, no platform',
      floor5: 'floor: node:http + token + one isolated-vm call (5 handlers) + Redis, no platform',
      exec1: 'POST /runtime/v1/triggers/post-login/executions, 1 bound action',
      exec5: 'POST /runtime/v1/triggers/post-login/executions, 5 bound actions',
      get: 'GET /api/v2/actions/actions/{id}',
    };
    const ofFloor = (key: string, r: LoadResult) => {
      const floorRow = results.get(key.replace('exec', 'floor'));
      return key.startsWith('exec') && floorRow ? `; ${(r.perSecond / floorRow.perSecond).toFixed(2)}× the floor` : '';
    };
    for (const [key, r] of results) {
      rows.push({
        suite: SUITE,
        name: names[key],
        unit: 'requests/s',
        perSecond: r.perSecond,
        iterations: r.requests,
        elapsedMs: r.elapsedMs,
        ...(baseline ? { baseline: baseline.name, ratio: r.perSecond / baseline.perSecond } : {}),
        note: lat(r) + ofFloor(key, r),
      });
    }
    return rows;
  } finally {
    for (const child of children.reverse()) await stopChild(child);
    if (redisUp) await deleteKeys(keyPrefix);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Creates and deploys `n` actions of the token's tenant, binds them to post-login in order, answers their ids. */
async function deployBound(baseUrl: string, token: string, n: number): Promise<string[]> {
  const call = async (method: string, url: string, body?: unknown) => {
    const res = await fetch(`${baseUrl}${url}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status >= 300) throw new Error(`${method} ${url} → ${res.status} ${await res.text()}`);
    return (await res.json()) as Record<string, any>;
  };
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const created = await call('POST', '/api/v2/actions/actions', {
      name: `bench-${i}`,
      supported_triggers: [{ id: 'post-login', version: 'v3' }],
      code: actionCode(i),
      deploy: true,
      secrets: [{ name: 'API_KEY', value: `bench-secret-value-${i}` }],
    });
    ids.push(created.id as string);
  }
  for (const id of ids) {
    await waitFor(
      async () => {
        const action = await call('GET', `/api/v2/actions/actions/${id}`);
        if (action.status === 'failed')
          throw new Error(`bench action ${id} failed to build: ${JSON.stringify(action)}`);
        return action.status === 'built' && action.deployed_version !== undefined;
      },
      60_000,
      `action ${id} to be built and deployed`,
    );
  }
  await call('PATCH', '/api/v2/actions/triggers/post-login/bindings', {
    bindings: ids.map((value) => ({ ref: { type: 'action_id', value } })),
  });
  return ids;
}

async function expectExecution(url: string, headers: Record<string, string>, actions: number): Promise<void> {
  const res = await fetch(url, { method: 'POST', headers, body: BODY });
  const body = (await res.json()) as { status?: string; results?: unknown[] };
  if (res.status !== 200 || body.status !== 'final' || body.results?.length !== actions) {
    throw new Error(
      `bench execution is not what the bench measures (${actions} actions, final): ${res.status} ${JSON.stringify(body)}`,
    );
  }
}

/** An untimed warm-up, then the timed run; any non-2xx answer or transport error fails the bench. */
export async function measureLoad(
  target: autocannon.Options,
  seconds: number,
  warmupSeconds: number,
  connections = CONNECTIONS,
  serverPid?: number,
): Promise<LoadResult> {
  await autocannonRun({ ...target, connections, duration: warmupSeconds });
  const cpuBefore = cpuSecondsOf(serverPid);
  const mainBefore = cpuSecondsOf(serverPid, serverPid);
  const rssBefore = rssMbOf(serverPid);
  const loadBefore = process.cpuUsage();
  const r = await autocannonRun({ ...target, connections, duration: seconds });
  const load = process.cpuUsage(loadBefore);
  const cpuAfter = cpuSecondsOf(serverPid);
  const mainAfter = cpuSecondsOf(serverPid, serverPid);
  const rssAfter = rssMbOf(serverPid);
  const bad = r.non2xx + r.errors + r.timeouts;
  if (bad > 0)
    throw new Error(`${target.method} ${target.url}: ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts`);
  const elapsedMs = r.duration * 1000;
  const requests = r['2xx'];
  return {
    perSecond: requests / r.duration,
    requests,
    elapsedMs,
    p50: r.latency.p50,
    p90: r.latency.p90,
    p99: r.latency.p99,
    ...(cpuBefore !== undefined && cpuAfter !== undefined && requests > 0
      ? { cpuUsPerRequest: ((cpuAfter - cpuBefore) * 1e6) / requests }
      : {}),
    ...(mainBefore !== undefined && mainAfter !== undefined && requests > 0
      ? {
          mainCpuUsPerRequest: ((mainAfter - mainBefore) * 1e6) / requests,
          mainBusy: (mainAfter - mainBefore) / r.duration,
        }
      : {}),
    ...(requests > 0 ? { loadCpuUsPerRequest: (load.user + load.system) / requests } : {}),
    ...(rssBefore !== undefined && rssAfter !== undefined ? { rssMb: [rssBefore, rssAfter] as [number, number] } : {}),
  };
}

/** Resident memory of a process, MB (Linux /proc); undefined elsewhere. */
function rssMbOf(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Math.round(Number(kb) / 1024);
  } catch {
    return undefined;
  }
}

/**
 * User + system CPU seconds of a process, all threads, or of one of its threads (`tid`; the main thread's is the
 * pid) (Linux /proc; 10 ms resolution); undefined elsewhere.
 */
function cpuSecondsOf(pid: number | undefined, tid?: number): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = fs.readFileSync(tid === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${tid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // from field 3 (state) on
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return undefined;
  }
}

function autocannonRun(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon({ pipelining: 1, timeout: 10, ...options }, (error, result) =>
      error ? reject(error) : resolve(result),
    );
  });
}

export function startChild(entry: string, env: Record<string, string>, nodeArgs: string[] = []): Child {
  const child = spawn(process.execPath, ['--no-node-snapshot', ...nodeArgs, entry], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const state: Child = { process: child, lines: [], stderr: [] };
  let partial = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop()!;
    for (const line of parts) if (state.lines.length < 1000) state.lines.push(line);
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    if (state.stderr.length < 1000) state.stderr.push(chunk);
  });
  return state;
}

export async function stopChild(child: Child): Promise<void> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.process.once('exit', () => resolve()));
  child.process.kill('SIGTERM');
  const timer = setTimeout(() => child.process.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(timer);
}

export async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
  child?: Child,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (child && child.process.exitCode !== null)
      throw new Error(`waiting for ${what}: the child exited (${child.process.exitCode}): ${child.stderr.join('')}`);
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${child ? `: ${child.stderr.join('').slice(-2000)}` : ''}`);
    await sleep(50);
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net
      .createServer()
      .once('error', reject)
      .listen(0, '127.0.0.1', () => {
        const { port } = server.address() as net.AddressInfo;
        server.close(() => resolve(port));
      });
  });
}

async function redisReachable(): Promise<boolean> {
  const redis = new Redis(REDIS_URL, {
    maxRetriesPerRequest: 0,
    lazyConnect: true,
    connectTimeout: 1000,
    retryStrategy: () => null,
  });
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    process.stdout.write('  (Redis not reachable at 127.0.0.1:6379: the service runs without it)\n');
    return false;
  } finally {
    redis.disconnect();
  }
}

export async function deleteKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** The directory holding package.json, found upwards from this file (it runs from dist-bench/bench/). */
export function projectRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return process.cwd();
  }
}
