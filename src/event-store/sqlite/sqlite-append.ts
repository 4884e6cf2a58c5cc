/**
 * One append, decided and written inside the caller's IMMEDIATE transaction (so nothing moves underneath it):
 *  1. If the batch's event ids were already stored by an identical earlier append, return that append's result
 *     and write nothing (a retry after a lost acknowledgement).
 *  2. If only some ids were stored, or stored elsewhere, refuse the whole batch with EventIdConflictError.
 *  3. Otherwise check the expected revision and insert the events at contiguous revisions.
 */
import {
  AppendResult,
  ExpectedRevision,
  NewEvent,
  START,
  WrongExpectedRevisionError,
  satisfiesExpected,
} from '../port';
import { EventStatements, StoredEventRef, positionOf } from './sqlite-schema';

/** An event with its data and metadata already turned into JSON text (done before taking the write lock). */
export interface SerializedEvent {
  id: string;
  type: string;
  data: string;
  metadata: string;
}

/** An append reuses event ids in a way that is not an exact retry of an earlier append. Nothing was written. */
export class EventIdConflictError extends Error {
  override readonly name = 'EventIdConflictError';
  constructor(
    readonly stream: string,
    readonly eventId: string,
    detail: string,
  ) {
    super(
      `Append to stream "${stream}" refused: event id ${eventId} ${detail}. ` +
        'An append must either repeat an earlier append exactly (same ids, same order) or use only new ids.',
    );
  }
}

export function serializeEvents(stream: string, events: readonly NewEvent[]): SerializedEvent[] {
  const seen = new Set<string>();
  return events.map((e) => {
    if (typeof e.id !== 'string' || e.id.length === 0)
      throw new TypeError(`Every event needs a non-empty id (stream "${stream}")`);
    if (seen.has(e.id)) throw new EventIdConflictError(stream, e.id, 'appears twice in the same batch');
    seen.add(e.id);
    return { id: e.id, type: e.type, data: JSON.stringify(e.data ?? null), metadata: JSON.stringify(e.metadata ?? {}) };
  });
}

/** Runs inside an IMMEDIATE transaction; throws to roll the whole batch back. */
export function appendInTransaction(
  statements: EventStatements,
  stream: string,
  events: readonly SerializedEvent[],
  expected: ExpectedRevision,
  createdAt: string,
): AppendResult {
  const current = statements.lastRevisionOf(stream);
  const earlier = events.length > 0 ? earlierIdenticalAppend(statements, stream, events, expected, current) : undefined;
  if (earlier) return earlier;
  if (!satisfiesExpected(expected, current))
    throw new WrongExpectedRevisionError(stream, expected, current ?? 'no_stream');
  if (events.length === 0) {
    const head = statements.headSequence();
    return { nextRevision: current ?? -1n, position: head === undefined ? START : positionOf(head) };
  }
  let revision = current === undefined ? 0n : current + 1n;
  let seq = 0n;
  for (const e of events) {
    const info = statements.insert.run(e.id, stream, revision, e.type, e.data, e.metadata, createdAt);
    seq = BigInt(info.lastInsertRowid);
    revision++;
  }
  return { nextRevision: revision - 1n, position: positionOf(seq) };
}

/**
 * The result of an earlier append of exactly these ids, or undefined when none of them is stored yet.
 * An exact retry finds every id in this stream, in batch order, at contiguous revisions starting right after the
 * revision the caller expected then (for an exact expected revision or no_stream).
 */
function earlierIdenticalAppend(
  statements: EventStatements,
  stream: string,
  events: readonly SerializedEvent[],
  expected: ExpectedRevision,
  current: bigint | undefined,
): AppendResult | undefined {
  const stored = events.map((e) => statements.storedRef(e.id));
  const firstFound = stored.findIndex((ref) => ref !== undefined);
  if (firstFound === -1) return undefined;
  const conflict = describeConflict(stream, stored, firstFound);
  if (conflict) throw new EventIdConflictError(stream, events[conflict.index].id, conflict.detail);
  const first = stored[0]!;
  const startsWhereExpected =
    expected === 'any' ||
    expected === 'stream_exists' ||
    (expected === 'no_stream' && first.revision === 0n) ||
    (typeof expected === 'bigint' && first.revision === expected + 1n);
  if (!startsWhereExpected) throw new WrongExpectedRevisionError(stream, expected, current ?? 'no_stream');
  const last = stored[stored.length - 1]!;
  return { nextRevision: last.revision, position: positionOf(last.seq) };
}

function describeConflict(
  stream: string,
  stored: readonly (StoredEventRef | undefined)[],
  firstFound: number,
): { index: number; detail: string } | undefined {
  const found = stored[firstFound]!;
  if (found.stream !== stream) {
    return { index: firstFound, detail: `is already stored in stream "${found.stream}" at revision ${found.revision}` };
  }
  const missing = stored.findIndex((ref) => ref === undefined);
  if (missing !== -1) {
    return {
      index: firstFound,
      detail: `is already stored at revision ${found.revision} but other ids of the batch are not`,
    };
  }
  const first = stored[0]!;
  for (let i = 0; i < stored.length; i++) {
    const ref = stored[i]!;
    if (ref.stream !== stream) {
      return { index: i, detail: `is already stored in stream "${ref.stream}" at revision ${ref.revision}` };
    }
    if (ref.revision !== first.revision + BigInt(i)) {
      return { index: i, detail: `is stored at revision ${ref.revision}, out of the batch's order` };
    }
  }
  return undefined;
}
