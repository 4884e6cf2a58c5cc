/**
 * Executions keep nothing once answered: the service's heap after thousands of warm executions is what it was after
 * the first thousand (a leak of a kilobyte and a half per execution once made a busy service grow by 20 MB a second:
 * docs/performance.md, "Fourth round").
 */
import { handler, runtimeFixture } from './runtime-fixture';

describe('memory over many executions', () => {
  const f = runtimeFixture();
  afterAll(() => f.close());

  const heapAfterGc = async () => {
    await new Promise((resolve) => setImmediate(resolve));
    gc!();
    gc!();
    return process.memoryUsage().heapUsed;
  };
  const run = async (n: number) => {
    for (let i = 0; i < n; i += 16)
      await Promise.all(
        Array.from({ length: 16 }, (_, j) =>
          f.executor.execute('soak', 'post-login', { user: { user_id: `u${i + j}`, app_metadata: { n: i + j } } }),
        ),
      );
  };

  it('the heap does not grow with the number of executions', async () => {
    f.bind('soak', 'post-login', [
      { name: 'first', code: handler("api.idToken.setCustomClaim('n', event.user.app_metadata.n); console.log('x');") },
      { name: 'second', code: handler("api.accessToken.setCustomClaim('u', event.user.user_id);") },
    ]);
    await run(1000); // contexts, compiled code, caches: all made by now
    const before = await heapAfterGc();
    await run(4000);
    const grown = (await heapAfterGc()) - before;
    expect(grown).toBeLessThan(2 * 1024 * 1024); // the leak above: 4,000 × ~1.6 KB ≈ 6 MB
  }, 60_000);
});
