/**
 * How every call to EventStoreDB is bounded and retried.
 *
 * Deadlines: @eventstore/db-client 6.x gives reads and subscriptions no gRPC deadline at all (it passes Infinity),
 * and a BatchAppend (the path it takes against servers since 21.10) only tells the server its deadline: if no answer
 * comes back, the client's promise never settles. So the adapter keeps its own clock on every call.
 *
 * Retries: a transient failure (unavailable, deadline exceeded, cancelled by the server, not the leader) is retried
 * with capped exponential backoff and jitter (shared/retry.ts, `isTransient` deciding). After UNAVAILABLE the client drops its channel and opens a new one on
 * the next call, which is the reconnect. Reads are safe to repeat; appends are repeated as the identical request
 * (same event ids, same expected revision), which the server treats as idempotent (see EsdbEventStore.append).
 */
import { isCommandError, StreamingRead } from '@eventstore/db-client';
import { EventStoreUnavailableError } from '../port';
import { settleWithin } from '../../shared/settle-within';

/** A call the adapter gave up waiting for. Its outcome is unknown (an append may still land). */
export class CallDeadlineError extends Error {
  override readonly name = 'CallDeadlineError';
  constructor(what: string, ms: number) {
    super(`EventStoreDB did not answer "${what}" within ${ms} ms`);
  }
}

const GRPC_CANCELLED = 1;
const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_UNAVAILABLE = 14;
const TRANSIENT_TYPES = new Set(['unavailable', 'deadline-exceeded', 'timeout', 'cancelled', 'not-leader']);

/** Failures worth another try: the server was unreachable, too slow, or asked the client to go elsewhere. */
export function isTransient(error: unknown): boolean {
  if (error instanceof CallDeadlineError) return true;
  if (!(error instanceof Error)) return false;
  if (isCommandError(error)) return TRANSIENT_TYPES.has(error.type);
  const code = (error as { code?: unknown }).code;
  return code === GRPC_UNAVAILABLE || code === GRPC_DEADLINE_EXCEEDED || code === GRPC_CANCELLED;
}

/** Transient failures become the port's EventStoreUnavailableError; anything else is passed on unchanged. */
export function toPortError(error: unknown, what: string): unknown {
  if (!isTransient(error)) return error;
  return new EventStoreUnavailableError(`EventStoreDB unavailable (${what}): ${(error as Error).message}`, error);
}

/** Settles with `work`, or fails with CallDeadlineError after `ms`; a late outcome of `work` is then ignored. */
export function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  return settleWithin(work, ms, () => {
    throw new CallDeadlineError(what, ms);
  });
}

/** Reads a bounded read to its end, cancelling the gRPC call if it takes longer than `ms`. */
export async function readToEnd<T>(read: StreamingRead<T>, ms: number, what: string): Promise<T[]> {
  const timer = setTimeout(() => {
    void read.cancel().catch(() => undefined);
    read.destroy(new CallDeadlineError(what, ms));
  }, ms);
  try {
    const items: T[] = [];
    for await (const item of read) items.push(item as T);
    return items;
  } finally {
    clearTimeout(timer);
  }
}
