/**
 * A promise bounded in time: the one helper the service's "answer within N ms, or else" races go through (the
 * EventStoreDB calls' deadline, the cache store's bound, the readiness probes, the contained bundler's time limit, the
 * memory budget's heap readings).
 *
 * `settleWithin(work, ms, late)` settles as `work` does if it settles within `ms`; otherwise as `late()` does when
 * the time is up: with the value it returns (a fallback) or the error it throws (a deadline error). The timer is
 * cleared as soon as either settles, and an outcome of `work` after the time is ignored (never an unhandled
 * rejection: the race has handled it).
 */
export function settleWithin<T, L = never>(work: Promise<T>, ms: number, late: () => L): Promise<T | L> {
  let timer: NodeJS.Timeout | undefined;
  const expiry = new Promise<L>((resolve, reject) => {
    timer = setTimeout(() => {
      try {
        resolve(late());
      } catch (e) {
        reject(e as Error);
      }
    }, ms);
  });
  return Promise.race([work, expiry]).finally(() => clearTimeout(timer));
}
