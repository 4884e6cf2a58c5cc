/**
 * The isolate pool's bounds: isolates no run has used for IDLE_ISOLATE_MS are freed the next time any run takes an
 * isolate (memory goes back when tenants go quiet), busy ones never; and the count bound evicts the least recently
 * used idle isolate. Time is passed in, so nothing here waits.
 */
import { IDLE_ISOLATE_MS, IsolatePool } from '../../src/runtime/sandbox/isolate-pool';

const LIMITS = {
  memoryLimitMb: 16,
  maxIsolates: 3,
  idleContextsPerIsolate: 4,
  idleContextsPerVersion: 2,
  scriptsPerIsolate: 4,
};
const T0 = Date.parse('2026-11-25T10:00:00Z');
const MINUTE = 60_000;

describe('isolate pool', () => {
  let pool: IsolatePool;
  beforeEach(() => {
    pool = new IsolatePool(LIMITS);
  });
  afterEach(() => pool.dispose());

  it('frees isolates idle for longer than the idle limit, keeps recent and busy ones', () => {
    const quiet = pool.acquire('quiet', T0);
    const busy = pool.acquire('busy', T0);
    busy.busy++;
    const recent = pool.acquire('recent', T0 + 5 * MINUTE);
    pool.acquire('other', T0 + IDLE_ISOLATE_MS + MINUTE);
    expect(quiet.disposed).toBe(true);
    expect(busy.disposed).toBe(false);
    expect(recent.disposed).toBe(false);
    expect(pool.acquire('recent', T0 + IDLE_ISOLATE_MS + MINUTE)).toBe(recent);
    const again = pool.acquire('quiet', T0 + IDLE_ISOLATE_MS + MINUTE);
    expect(again).not.toBe(quiet);
    expect(again.disposed).toBe(false);
    busy.busy--;
  });

  it('keeps at most maxIsolates, evicting the least recently used idle one', () => {
    const a = pool.acquire('a', T0);
    const b = pool.acquire('b', T0 + 1);
    pool.acquire('c', T0 + 2);
    pool.acquire('a', T0 + 3); // a is now the most recently used
    pool.acquire('d', T0 + 4);
    expect(b.disposed).toBe(true);
    expect(a.disposed).toBe(false);
    expect(pool.size()).toBe(3);
  });
});

describe('a tenant isolate guarding its calls', () => {
  it('keeps nothing of a call once it settled (the isolate may live for hours under load)', async () => {
    const tenant = new IsolatePool(LIMITS).acquire('guarded', T0);
    const refs: WeakRef<object>[] = [];
    for (let i = 0; i < 100; i++) {
      const result = { execution: i, payload: new Array(1000).fill(i) };
      refs.push(new WeakRef(result));
      await tenant.guard(Promise.resolve(result));
    }
    await new Promise((resolve) => setImmediate(resolve));
    gc!();
    expect(refs.slice(0, -1).filter((ref) => ref.deref() !== undefined)).toHaveLength(0); // the last may still be in a register
    tenant.dispose();
  });
});
