/**
 * Scale measurements for the README (not a bench module: it takes minutes). For each configuration the event log is
 * seeded directly (real event shapes, one append per stream) with the measured tenant's N deployed actions, B of them
 * bound to post-login, and other tenants' action lifecycles as filler up to the log size; then the service starts as
 * a child process (as npm start does, Redis configured) and catches up. Measured: time to ready, resident memory
 * after catch-up and after load, executions (32 connections) and GET action latency.
 *
 *   node --no-node-snapshot dist-bench/bench/scale.js [seconds=5] [configs=a10-b1-e1e4,...]
 */
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { draftKeyOf } from '../src/actions/action.content';
import type { ActionContent } from '../src/actions/actions.events';
import { mintToken } from '../src/auth/mint-token';
import { SqliteEventStore } from '../src/event-store/sqlite/sqlite-event-store';
import { Child, deleteKeys, freePort, measureLoad, projectRoot, startChild, stopChild, waitFor } from './http.bench';

const SECRET = 'bench-scale-secret-that-is-long-enough-for-hs256-0123456789';
const AUDIENCE = 'http://localhost:3000/api/v2/';
const TENANT = 'scale';

interface Config {
  actions: number;
  bindings: number;
  events: number;
}

function parse(name: string): Config {
  const m = /^a(\d+)-b(\d+)-e(\d+(?:e\d+)?)$/.exec(name);
  if (!m) throw new Error(`bad config ${name}; e.g. a1000-b20-e1e5`);
  return { actions: Number(m[1]), bindings: Number(m[2]), events: Number(m[3]) };
}

const META = (tenantId: string) => ({ tenantId, actor: 'scale', correlationId: 'scale', causationId: 'scale' });

/** One action's stream: created, built, version 1 created and deployed (4 events), then `redeploys` times a new
 *  version built, created and deployed (3 events each). Answers its id. */
async function seedAction(store: SqliteEventStore, tenantId: string, i: number, redeploys = 0): Promise<string> {
  const actionId = randomUUID();
  const versionId = randomUUID();
  const now = new Date().toISOString();
  const content: ActionContent = {
    name: `action-${i}`,
    supportedTriggers: [{ id: 'post-login', version: 'v3' }],
    dependencies: [],
    runtime: 'node22',
    secrets: [],
    code: `exports.onExecutePostLogin = async (event, api) => { api.idToken.setCustomClaim('a${i}', event.user.app_metadata.role); };`,
  };
  /** Version `number` built, created and deployed. */
  const release = (versionId: string, number: number) => [
    {
      type: 'ActionDraftBuilt',
      data: {
        tenantId,
        actionId,
        draftKey: draftKeyOf(content),
        builtAt: now,
        artifactSha256: 'seeded',
        resolvedDependencies: [],
      },
    },
    {
      type: 'ActionVersionCreated',
      data: {
        tenantId,
        actionId,
        versionId,
        number,
        content,
        artifactSha256: 'seeded',
        resolvedDependencies: [],
        builtAt: now,
        createdAt: now,
      },
    },
    { type: 'ActionVersionDeployed', data: { tenantId, actionId, versionId, number, deployedAt: now } },
  ];
  const events = [
    { type: 'ActionCreated', data: { tenantId, actionId, content, createdAt: now } },
    ...release(versionId, 1),
  ];
  for (let v = 2; v <= redeploys + 1; v++) events.push(...release(randomUUID(), v));
  await store.append(
    `action-${actionId}`,
    events.map((e) => ({ id: randomUUID(), ...e, metadata: META(tenantId) })),
    'no_stream',
  );
  return actionId;
}

async function seed(dataDir: string, c: Config): Promise<void> {
  const store = new SqliteEventStore({ file: path.join(dataDir, 'events.sqlite') });
  const ids: string[] = [];
  for (let i = 0; i < c.actions; i++) ids.push(await seedAction(store, TENANT, i));
  const now = new Date().toISOString();
  await store.append(
    `triggerBindings-${TENANT}.post-login`,
    [
      {
        id: randomUUID(),
        type: 'TriggerBindingsReplaced',
        metadata: META(TENANT),
        data: {
          tenantId: TENANT,
          triggerId: 'post-login',
          bindings: ids
            .slice(0, c.bindings)
            .map((actionId, i) => ({ id: randomUUID(), actionId, displayName: `b${i}`, createdAt: now })),
          updatedAt: now,
        },
      },
    ],
    'no_stream',
  );
  // Filler: other tenants' actions, each redeployed 99 times (301 events per stream), up to the log size.
  for (let n = c.actions * 4 + 1, i = 0; n < c.events; i++) {
    const redeploys = Math.max(0, Math.min(99, Math.floor((c.events - n - 4) / 3)));
    await seedAction(store, `filler-${i % 100}`, i, redeploys);
    n += 4 + 3 * redeploys;
  }
  await store.close();
}

const rssMb = (pid: number) => {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
};

async function measureConfig(name: string, seconds: number): Promise<Record<string, unknown>> {
  const c = parse(name);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-scale-'));
  const keyPrefix = `bench-scale:${process.pid}:`;
  let child: Child | undefined;
  try {
    const seedStarted = Date.now();
    await seed(dataDir, c);
    const seedMs = Date.now() - seedStarted;
    const port = await freePort();
    const started = Date.now();
    child = startChild(path.join(projectRoot(), 'dist-bench', 'src', 'main.js'), {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      AUTH_JWT_SECRET: SECRET,
      AUTH_AUDIENCE: AUDIENCE,
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_KEY_PREFIX: keyPrefix,
      LIMIT_ACTIONS_PER_TENANT: '100000',
    });
    const base = `http://127.0.0.1:${port}`;
    await waitFor(
      async () => (await fetch(`${base}/health/ready`).catch(() => undefined))?.status === 200,
      900_000,
      'ready',
      child,
    );
    const readyMs = Date.now() - started;
    const rssIdle = rssMb(child.process.pid!);
    const token = await mintToken({
      secret: SECRET,
      audience: AUDIENCE,
      scope: 'read:actions execute:actions',
      tenantId: TENANT,
    });
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const execUrl = `${base}/runtime/v1/triggers/post-login/executions`;
    const body = JSON.stringify({ event: { user: { user_id: 'auth0|1', app_metadata: { role: 'admin' } } } });
    const coldStarted = performance.now();
    const first = (await (await fetch(execUrl, { method: 'POST', headers, body })).json()) as {
      status: string;
      results: unknown[];
    };
    const coldMs = performance.now() - coldStarted;
    if (first.status !== 'final' || first.results.length !== c.bindings)
      throw new Error(`unexpected execution: ${JSON.stringify(first).slice(0, 500)}`);
    const exec = await measureLoad({ url: execUrl, method: 'POST', headers, body }, seconds, 2);
    const list = (await (await fetch(`${base}/api/v2/actions/actions?per_page=1`, { headers })).json()) as {
      actions: { id: string }[];
    };
    const get = await measureLoad(
      { url: `${base}/api/v2/actions/actions/${list.actions[0].id}`, method: 'GET', headers },
      seconds,
      1,
    );
    const rssLoaded = rssMb(child.process.pid!);
    const logMb = Math.round(fs.statSync(path.join(dataDir, 'events.sqlite')).size / 1e6);
    const readMb = Math.round(fs.statSync(path.join(dataDir, 'read-models.sqlite')).size / 1e6);
    return {
      config: name,
      ...c,
      seedS: +(seedMs / 1000).toFixed(1),
      readyS: +(readyMs / 1000).toFixed(1),
      logMb,
      readModelsMb: readMb,
      rssIdleMb: rssIdle,
      rssLoadedMb: rssLoaded,
      coldExecMs: +coldMs.toFixed(1),
      execPerS: Math.round(exec.perSecond),
      execP50: exec.p50,
      execP99: exec.p99,
      getPerS: Math.round(get.perSecond),
      getP50: get.p50,
      getP99: get.p99,
    };
  } finally {
    if (child) await stopChild(child);
    await deleteKeys(keyPrefix);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const [seconds = '5', configs = 'a10-b1-e1e4,a1000-b1-e1e4,a1000-b20-e1e4,a10000-b20-e1e5,a10000-b20-e1e6'] =
    process.argv.slice(2);
  const redis = new Redis('redis://127.0.0.1:6379', { lazyConnect: true, maxRetriesPerRequest: 0 });
  await redis.connect();
  redis.disconnect();
  const rows = [];
  for (const name of configs.split(',')) {
    process.stdout.write(`measuring ${name} ...\n`);
    const row = await measureConfig(name, Number(seconds));
    process.stdout.write(`${JSON.stringify(row)}\n`);
    rows.push(row);
  }
  const file = path.join(projectRoot(), 'bench', 'results', 'scale.json');
  fs.writeFileSync(
    file,
    `${JSON.stringify({ ranAt: new Date().toISOString(), cores: os.cpus().length, rows }, null, 2)}\n`,
  );
  process.stdout.write(`written to ${path.relative(process.cwd(), file)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack}\n`);
  process.exitCode = 1;
});
