/**
 * Retrying with exponential backoff: the one helper every retry loop of the service goes through (EventStoreDB calls
 * and subscription, the embedded store's subscription, Redis reconnects, the command pipeline's write conflicts, the
 * projection runner, the build reactor).
 *
 * p-retry is the well-kept library for this, but its maintained versions are ESM-only: this project is CommonJS, and
 * Jest (through @swc/jest) cannot load an ESM-only package on Node 20. So this small module stands in for it, with
 * the same ideas: bounded tries, a predicate for what is worth another try, jittered waits, an AbortSignal.
 *
 * - `retry(call, options)`: runs `call` until it succeeds, fails in a way not worth retrying, runs out of tries (the
 *   last failure is rethrown as it was), or `signal` aborts (rejects with the signal's reason).
 * - `backoffDelay(n, backoff)`: the wait before retry n, for loops that cannot be one call (a subscription that
 *   yields events, a per-row retry schedule, a reconnect strategy a client library asks for).
 * - `pause(ms, signal)`: a wait that ends early, quietly, when `signal` aborts (a stop).
 */
import { setTimeout as sleep } from 'node:timers/promises';

/** How long to wait before each retry. */
export interface Backoff {
  /** The wait before the first retry (ms); 0 retries at once. */
  initialDelayMs: number;
  /** The longest wait (ms). */
  maxDelayMs: number;
  /** Growth from one wait to the next (default 2; 1 waits the same every time). */
  factor?: number;
  /** Draw each wait between half and all of it (default true), so callers that failed together retry apart. */
  jitter?: boolean;
}

/** The wait before retry number `retry` (1 is the first retry): initial × factor^(retry-1), capped, jittered. */
export function backoffDelay(retry: number, backoff: Backoff, random: () => number = Math.random): number {
  const factor = backoff.factor ?? 2;
  const ceiling = Math.min(backoff.maxDelayMs, backoff.initialDelayMs * factor ** Math.max(0, retry - 1));
  if (backoff.jitter === false) return ceiling;
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** A failed try that is about to be retried. */
export interface RetryFailure {
  error: unknown;
  /** The try that failed (1 is the first). */
  attempt: number;
  /** How long retry() waits before the next try. */
  delayMs: number;
}

export interface RetryOptions {
  /** Tries in all, the first included. Infinity: until success, a failure not worth retrying, or the signal. */
  attempts: number;
  backoff: Backoff;
  /** Whether a failure is worth another try (default: every failure is). */
  isRetryable?: (error: unknown) => boolean;
  /** Told about each failure that will be retried, before the wait. */
  onRetry?: (failure: RetryFailure) => void;
  /** Aborting it stops the retrying: no further try is made, and retry() rejects with the signal's reason. */
  signal?: AbortSignal;
  /** How a wait is made (default: `setTimeout` of node:timers/promises). Tests pass one that returns at once. */
  wait?: (ms: number, signal?: AbortSignal) => Promise<unknown>;
  /** Source of the jitter, in [0, 1) (default Math.random). */
  random?: () => number;
}

export async function retry<T>(call: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const { signal } = options;
  const wait = options.wait ?? ((ms: number, s?: AbortSignal) => sleep(ms, undefined, { signal: s }));
  for (let attempt = 1; ; attempt++) {
    signal?.throwIfAborted();
    try {
      return await call(attempt);
    } catch (error) {
      if (attempt >= options.attempts || !(options.isRetryable?.(error) ?? true)) throw error;
      signal?.throwIfAborted();
      const delayMs = backoffDelay(attempt, options.backoff, options.random);
      options.onRetry?.({ error, attempt, delayMs });
      if (delayMs <= 0) continue;
      try {
        await wait(delayMs, signal);
      } catch (waitError) {
        signal?.throwIfAborted();
        throw waitError;
      }
    }
  }
}

/** Waits `ms`, or less if `signal` aborts first; never rejects because of the signal. */
export async function pause(ms: number, signal?: AbortSignal): Promise<void> {
  try {
    await sleep(ms, undefined, { signal });
  } catch (error) {
    if (!signal?.aborted) throw error;
  }
}
