import { settleWithin } from './settle-within';

describe('settleWithin', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  /** A promise settled from outside. */
  function pending<T>() {
    let resolve!: (value: T) => void;
    let reject!: (error: Error) => void;
    const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
    return { promise, resolve, reject };
  }

  it('settles as the work does within the time, and clears its timer', async () => {
    const work = pending<string>();
    const late = jest.fn(() => 'late');
    const bounded = settleWithin(work.promise, 100, late);
    work.resolve('done');
    await expect(bounded).resolves.toBe('done');
    expect(jest.getTimerCount()).toBe(0);
    jest.advanceTimersByTime(200);
    expect(late).not.toHaveBeenCalled();
  });

  it('rejects as the work does within the time', async () => {
    const work = pending<string>();
    const bounded = settleWithin(work.promise, 100, () => 'late');
    work.reject(new Error('refused'));
    await expect(bounded).rejects.toThrow('refused');
    expect(jest.getTimerCount()).toBe(0);
  });

  it('answers what late() returns once the time is up; a later outcome of the work is ignored', async () => {
    const work = pending<number>();
    const bounded = settleWithin(work.promise, 100, () => -1);
    let settled = false;
    void bounded.then(() => (settled = true));
    jest.advanceTimersByTime(99);
    await Promise.resolve();
    expect(settled).toBe(false);
    jest.advanceTimersByTime(1);
    await expect(bounded).resolves.toBe(-1);
    work.reject(new Error('too late')); // handled by the race: no unhandled rejection
    await Promise.resolve();
  });

  it('rejects with what late() throws once the time is up', async () => {
    const work = pending<number>();
    const bounded = settleWithin(work.promise, 50, () => {
      throw new Error('no answer within 50 ms');
    });
    jest.advanceTimersByTime(50);
    await expect(bounded).rejects.toThrow('no answer within 50 ms');
    work.resolve(1);
  });
});
