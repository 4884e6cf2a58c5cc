import { backoffDelay, pause, retry, RetryFailure, RetryOptions } from './retry';

/** A call that fails with `failures` in turn, then answers 'done'; it records every try. */
function givenCall(...failures: Error[]) {
  const tries: number[] = [];
  const call = async (attempt: number) => {
    tries.push(attempt);
    const failure = failures[attempt - 1];
    if (failure) throw failure;
    return 'done';
  };
  return { call, tries };
}

/** A fake clock: waits return at once and are recorded; jitter is fixed. */
function fakeClock(random = 0.5) {
  const waited: number[] = [];
  const options: Pick<RetryOptions, 'wait' | 'random'> = {
    wait: async (ms) => {
      waited.push(ms);
    },
    random: () => random,
  };
  return { waited, options };
}

const BACKOFF = { initialDelayMs: 100, maxDelayMs: 1000 };
const transient = () => new Error('transient');
const fatal = () => new Error('fatal');

describe('backoffDelay', () => {
  it('doubles from the initial wait and stops at the cap', () => {
    const delays = [1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, { ...BACKOFF, jitter: false }));
    expect(delays).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('with jitter, draws between half and all of the wait', () => {
    expect(backoffDelay(3, BACKOFF, () => 0)).toBe(200);
    expect(backoffDelay(3, BACKOFF, () => 0.999999)).toBe(400);
  });

  it('with factor 1, waits the same every time', () => {
    const constant = { initialDelayMs: 250, maxDelayMs: 250, factor: 1, jitter: false };
    expect([1, 5, 50].map((n) => backoffDelay(n, constant))).toEqual([250, 250, 250]);
  });
});

describe('retry', () => {
  it('given a call that succeeds, when retried, then it is tried once and nothing waits', async () => {
    const { call, tries } = givenCall();
    const clock = fakeClock();
    await expect(retry(call, { attempts: 3, backoff: BACKOFF, ...clock.options })).resolves.toBe('done');
    expect(tries).toEqual([1]);
    expect(clock.waited).toEqual([]);
  });

  it('given two transient failures, when retried, then the third try answers after two growing waits', async () => {
    const { call, tries } = givenCall(transient(), transient());
    const clock = fakeClock(0.5);
    const told: RetryFailure[] = [];
    const result = await retry(call, {
      attempts: 5,
      backoff: BACKOFF,
      onRetry: (f) => told.push(f),
      ...clock.options,
    });
    expect(result).toBe('done');
    expect(tries).toEqual([1, 2, 3]);
    expect(clock.waited).toEqual([75, 150]); // 3/4 of 100 and of 200 with random() = 0.5
    expect(told.map(({ attempt, delayMs }) => [attempt, delayMs])).toEqual([
      [1, 75],
      [2, 150],
    ]);
  });

  it('given failures past the attempts, when retried, then the last failure is rethrown as it was', async () => {
    const last = transient();
    const { call, tries } = givenCall(transient(), transient(), last);
    const clock = fakeClock();
    await expect(retry(call, { attempts: 3, backoff: BACKOFF, ...clock.options })).rejects.toBe(last);
    expect(tries).toEqual([1, 2, 3]);
    expect(clock.waited).toHaveLength(2);
  });

  it('given a failure not worth retrying, when retried, then it is rethrown at once', async () => {
    const error = fatal();
    const { call, tries } = givenCall(transient(), error);
    const clock = fakeClock();
    const isRetryable = (e: unknown) => (e as Error).message === 'transient';
    await expect(retry(call, { attempts: 10, backoff: BACKOFF, isRetryable, ...clock.options })).rejects.toBe(error);
    expect(tries).toEqual([1, 2]);
  });

  it('given no wait before retries, when retried, then the tries follow each other without waiting', async () => {
    const { call, tries } = givenCall(transient(), transient());
    const clock = fakeClock();
    const immediate = { initialDelayMs: 0, maxDelayMs: 0 };
    await expect(retry(call, { attempts: 3, backoff: immediate, ...clock.options })).resolves.toBe('done');
    expect(tries).toEqual([1, 2, 3]);
    expect(clock.waited).toEqual([]);
  });

  it('given unlimited attempts, when a call fails many times, then it is retried until it succeeds', async () => {
    const { call, tries } = givenCall(...Array.from({ length: 20 }, transient));
    const clock = fakeClock();
    await expect(retry(call, { attempts: Infinity, backoff: BACKOFF, ...clock.options })).resolves.toBe('done');
    expect(tries).toHaveLength(21);
    expect(Math.max(...clock.waited)).toBeLessThanOrEqual(BACKOFF.maxDelayMs);
  });

  it('given a signal that aborts during a wait, when retried, then it rejects with the reason and tries no more', async () => {
    const stop = new AbortController();
    const reason = new Error('stopping');
    const { call, tries } = givenCall(transient(), transient());
    // the real wait (timers/promises): an hour, cut short by the abort
    const retrying = retry(call, {
      attempts: 5,
      backoff: { initialDelayMs: 3_600_000, maxDelayMs: 3_600_000 },
      signal: stop.signal,
      onRetry: () => queueMicrotask(() => stop.abort(reason)),
    });
    await expect(retrying).rejects.toBe(reason);
    expect(tries).toEqual([1]);
  });

  it('given a signal aborted before the start, when retried, then the call is never made', async () => {
    const { call, tries } = givenCall();
    await expect(
      retry(call, { attempts: 3, backoff: BACKOFF, signal: AbortSignal.abort(new Error('stopped')) }),
    ).rejects.toThrow('stopped');
    expect(tries).toEqual([]);
  });
});

describe('pause', () => {
  it('given a signal that aborts, when pausing for an hour, then it returns quietly', async () => {
    const stop = new AbortController();
    const paused = pause(3_600_000, stop.signal);
    stop.abort();
    await expect(paused).resolves.toBeUndefined();
  });

  it('given no signal, when pausing briefly, then it returns', async () => {
    await expect(pause(1)).resolves.toBeUndefined();
  });
});
