/**
 * The sandbox's memory budget (memory-budget.ts, SANDBOX_MEMORY_BUDGET_MB): real isolates holding real memory.
 * Past the budget, idle isolates are freed least recently used first and a busy one never; then the idle warm
 * contexts of the isolates left; a tenant whose isolate was freed executes as before (a cold start).
 */
import ivm from 'isolated-vm';
import { IsolatePool } from '../../src/runtime/sandbox/isolate-pool';
import { MemoryBudget } from '../../src/runtime/sandbox/memory-budget';
import type { TenantIsolate } from '../../src/runtime/sandbox/tenant-isolate';
import { handler, runtimeFixture } from './runtime-fixture';

const LIMITS = {
  memoryLimitMb: 64,
  maxIsolates: 10,
  idleContextsPerIsolate: 8,
  idleContextsPerVersion: 4,
  scriptsPerIsolate: 4,
};
const T0 = Date.parse('2026-11-30T10:00:00Z');
/** About 8 MB kept alive in the isolate's heap. */
const HOLD = 'globalThis.held = Array.from({ length: 1e6 }, (_, i) => i * 1.5);';

/** The heap an isolate reports (committed heap + external), as the budget reads it. */
async function heapOf(t: TenantIsolate): Promise<number> {
  const heap = await t.isolate.getHeapStatistics();
  return heap.total_heap_size + heap.externally_allocated_size;
}

describe('the sandbox memory budget', () => {
  it('frees idle isolates, least recently used first, until their heaps fit; never a busy one', async () => {
    const pool = new IsolatePool(LIMITS);
    let budget: MemoryBudget | undefined;
    const contexts: ivm.Context[] = [];
    const hold = (t: TenantIsolate) => {
      const context = t.isolate.createContextSync();
      context.evalSync(HOLD);
      contexts.push(context);
      return t;
    };
    try {
      const oldestBusy = hold(pool.acquire('oldest-busy', T0));
      const older = hold(pool.acquire('older', T0 + 1));
      const old = hold(pool.acquire('old', T0 + 2));
      const recent = hold(pool.acquire('recent', T0 + 3));
      oldestBusy.busy++;
      // Room for the busy one, the most recent one and half of another: two idle ones have to go.
      const [busyBytes, olderBytes, oldBytes, recentBytes] = await Promise.all(
        [oldestBusy, older, old, recent].map(heapOf),
      );
      budget = new MemoryBudget(Math.round(busyBytes + recentBytes + Math.min(olderBytes, oldBytes) / 2), 0);
      budget.register(pool);

      await budget.enforce();

      expect([oldestBusy, older, old, recent].map((t) => t.disposed)).toEqual([false, true, true, false]);
      const reading = budget.current();
      expect(reading).toMatchObject({ isolates: 2, evicted: 2 });
      expect(reading.bytes).toBeLessThanOrEqual(budget.budgetBytes);
      expect(reading.bytes).toBeGreaterThan(recentBytes);
      oldestBusy.busy--;
    } finally {
      pool.dispose();
      budget?.dispose();
    }
  });

  it('within the budget, frees nothing', async () => {
    const budget = new MemoryBudget(1024 * 1024 * 1024, 0);
    const pool = new IsolatePool(LIMITS, undefined, undefined, budget);
    try {
      const a = pool.acquire('a', T0);
      const b = pool.acquire('b', T0 + 1);
      await budget.enforce();
      expect([a.disposed, b.disposed]).toEqual([false, false]);
      expect(budget.current()).toMatchObject({ isolates: 2, evicted: 0, contextsDropped: 0 });
      expect(budget.current().bytes).toBeGreaterThan(0);
    } finally {
      pool.dispose();
      budget.dispose();
    }
  });

  describe('in a sandbox', () => {
    // A budget no isolate fits in: every reading is over it.
    const f = runtimeFixture({}, { memoryBudgetMb: 1 / 1024, memorySampleMs: 0 });
    afterAll(() => f.close());
    const actions = ['a', 'b', 'c'].map((name) => ({
      name,
      code: handler(`api.idToken.setCustomClaim('${name}', event.user.user_id);`),
    }));
    const claims = async () =>
      (await f.executor.execute('tenant', 'post-login', { user: { user_id: 'u1' } })).commands.map((c) => c.args);
    const pool = () => (f.sandbox as unknown as { pool: IsolatePool }).pool;

    it('frees an idle tenant isolate; its next execution boots a new one and answers the same', async () => {
      f.bind('tenant', 'post-login', actions);
      const before = await claims();
      expect(f.sandbox.isolatesOf('tenant')).toBe(1);
      await f.sandbox.enforceMemoryBudget();
      expect(f.sandbox.isolatesOf('tenant')).toBe(0);
      expect(f.sandbox.memory()).toMatchObject({ isolates: 0 });
      expect(f.sandbox.memory().evicted).toBeGreaterThanOrEqual(1);
      expect(await claims()).toEqual(before);
      expect(f.sandbox.isolatesOf('tenant')).toBe(1);
    });

    it('of a busy isolate, drops the idle warm contexts and keeps the isolate', async () => {
      await claims(); // the three versions' contexts are warm and idle again
      const [[, tenant]] = [...pool().members()];
      tenant.busy++;
      const dropped = f.sandbox.memory().contextsDropped;
      await f.sandbox.enforceMemoryBudget();
      tenant.busy--;
      expect(tenant.disposed).toBe(false);
      expect(f.sandbox.memory().contextsDropped - dropped).toBeGreaterThanOrEqual(actions.length);
      expect(tenant.dropIdleContexts()).toEqual({ dropped: 0, inUse: 0 });
      expect(await claims()).toEqual([
        ['a', 'u1'],
        ['b', 'u1'],
        ['c', 'u1'],
      ]);
    });
  });
});
