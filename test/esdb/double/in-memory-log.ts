/**
 * The protocol double's log: EventStoreDB's write and read rules, in memory, with no gRPC in sight.
 *
 * Where each rule comes from (EventStoreDB server source, src/EventStore.Core):
 * - Append decisions follow IndexWriter.CheckCommit:
 *   - a stream that does not exist accepts `any` and `no_stream`; every other expectation is a wrong expected version;
 *   - `any` / `stream_exists`: if the batch's first event id was already written to this stream, every id must be
 *     (then the append is idempotent and returns the earlier result); some but not all → wrong expected version
 *     ("corrupted idempotency"); the first id unknown → a normal write. The real server looks ids up in a bounded
 *     cache of recent writes; here the cache never forgets.
 *   - an exact revision (no_stream counts as -1) below the stream's last revision: the events stored right after
 *     it must carry the batch's ids in order (idempotent); the first differing → wrong expected version, a later
 *     one → wrong expected version too. Equal → write. Above → wrong expected version.
 * - Positions (TFPos): every event written outside an explicit transaction commits itself, so its commit and
 *   prepare positions are both its log position (ResolvedEvent.CalculatePosition). Log positions are byte offsets:
 *   they grow by each record's size, so they are increasing but not contiguous. An append answers with the position
 *   of its last event, an idempotent append with the position of the earlier append's last event.
 * - Reads: a stream read starts at an inclusive revision (backwards from a revision past the end starts at the end);
 *   `$all` forwards from a position includes the event at that position, backwards excludes it.
 */
import { randomUUID } from 'node:crypto';

export interface LoggedEvent {
  readonly id: string;
  readonly stream: string;
  readonly revision: bigint;
  readonly type: string;
  readonly contentType: string;
  readonly data: Uint8Array;
  readonly metadata: Uint8Array;
  /** Creation time in .NET ticks (100 ns) since the Unix epoch, as the server sends it. */
  readonly createdTicks: bigint;
  /** Log position; commit and prepare positions are both this. */
  readonly position: bigint;
}

export interface ProposedEvent {
  id: string;
  type: string;
  contentType: string;
  data: Uint8Array;
  metadata: Uint8Array;
}

export type ExpectedState = 'any' | 'no_stream' | 'stream_exists' | bigint;

export type AppendOutcome =
  | { kind: 'written' | 'idempotent'; revision: bigint | undefined; last?: LoggedEvent }
  | { kind: 'wrong_expected_version'; current: bigint | undefined };

export type StreamStart = 'start' | 'end' | bigint;
export type AllStart = 'start' | 'end' | bigint;

/** Fixed bytes per record on top of its payload, roughly a prepare record's header. */
const RECORD_OVERHEAD = 90n;

export class InMemoryLog {
  /** Every event, in log order. */
  readonly events: LoggedEvent[] = [];
  private readonly streams = new Map<string, LoggedEvent[]>();
  /** Id → the last event written with it (the server's committed-events cache, never evicting). */
  private readonly byId = new Map<string, LoggedEvent>();
  private readonly appendListeners = new Set<() => void>();
  private nextPosition: bigint;

  constructor(firstPosition: bigint) {
    this.nextPosition = firstPosition;
  }

  get headPosition(): bigint | undefined {
    return this.events[this.events.length - 1]?.position;
  }

  onAppended(listener: () => void): () => void {
    this.appendListeners.add(listener);
    return () => this.appendListeners.delete(listener);
  }

  append(stream: string, expected: ExpectedState, proposed: readonly ProposedEvent[]): AppendOutcome {
    const current = this.lastRevisionOf(stream);
    if (current === undefined) {
      if (expected !== 'any' && expected !== 'no_stream') return { kind: 'wrong_expected_version', current };
      return this.write(stream, current, proposed);
    }
    if (expected === 'any' || expected === 'stream_exists')
      return this.checkIdsAnywhereInStream(stream, current, proposed);
    const expectedRevision = expected === 'no_stream' ? -1n : expected;
    if (expectedRevision > current) return { kind: 'wrong_expected_version', current };
    if (expectedRevision === current) return this.write(stream, current, proposed);
    return this.checkIdsAfter(stream, expectedRevision, current, proposed);
  }

  /** Writes a system event (a `$`-prefixed type on a `$`-prefixed stream), as the server does for its own needs. */
  appendSystemEvent(): void {
    const empty = new Uint8Array();
    this.write('$stats-double', this.lastRevisionOf('$stats-double'), [
      { id: randomUUID(), type: '$statsCollected', contentType: 'application/json', data: empty, metadata: empty },
    ]);
  }

  /** Events of one stream, or undefined when the stream does not exist. */
  readStream(stream: string, from: StreamStart, backwards: boolean, count: bigint): LoggedEvent[] | undefined {
    const events = this.streams.get(stream);
    if (!events) return undefined;
    const last = events.length - 1;
    const limit = Number(count > BigInt(events.length) ? BigInt(events.length) : count);
    if (backwards) {
      const start = from === 'end' ? last : from === 'start' ? 0 : Number(from > BigInt(last) ? BigInt(last) : from);
      return events.slice(Math.max(0, start - limit + 1), start + 1).reverse();
    }
    const start =
      from === 'start'
        ? 0
        : from === 'end'
          ? events.length
          : Number(from > BigInt(events.length) ? BigInt(events.length) : from);
    return events.slice(start, start + limit);
  }

  /** Up to `count` events of `$all` from a position (forwards inclusive, backwards exclusive) that pass `filter`. */
  readAll(from: AllStart, backwards: boolean, count: bigint, filter: (e: LoggedEvent) => boolean): LoggedEvent[] {
    const out: LoggedEvent[] = [];
    if (backwards) {
      const start = from === 'end' ? this.events.length : from === 'start' ? 0 : this.indexAtOrAfter(from);
      for (let i = start - 1; i >= 0 && BigInt(out.length) < count; i--)
        if (filter(this.events[i])) out.push(this.events[i]);
    } else {
      const start = from === 'start' ? 0 : from === 'end' ? this.events.length : this.indexAtOrAfter(from);
      for (let i = start; i < this.events.length && BigInt(out.length) < count; i++)
        if (filter(this.events[i])) out.push(this.events[i]);
    }
    return out;
  }

  /** Index of the first event whose position is at or after `position` (binary search; events are in log order). */
  indexAtOrAfter(position: bigint): number {
    let low = 0;
    let high = this.events.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.events[mid].position < position) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  private lastRevisionOf(stream: string): bigint | undefined {
    const events = this.streams.get(stream);
    return events ? events[events.length - 1].revision : undefined;
  }

  private checkIdsAnywhereInStream(stream: string, current: bigint, proposed: readonly ProposedEvent[]): AppendOutcome {
    let last: LoggedEvent | undefined;
    for (const [i, event] of proposed.entries()) {
      const earlier = this.byId.get(event.id);
      if (!earlier || earlier.stream !== stream) {
        return i === 0 ? this.write(stream, current, proposed) : { kind: 'wrong_expected_version', current };
      }
      last = earlier;
    }
    return last ? { kind: 'idempotent', revision: last.revision, last } : { kind: 'written', revision: current };
  }

  private checkIdsAfter(
    stream: string,
    expected: bigint,
    current: bigint,
    proposed: readonly ProposedEvent[],
  ): AppendOutcome {
    if (proposed.length === 0) return { kind: 'wrong_expected_version', current };
    const events = this.streams.get(stream)!;
    for (const [i, event] of proposed.entries()) {
      const stored = events[Number(expected) + 1 + i];
      if (!stored || stored.id !== event.id) return { kind: 'wrong_expected_version', current };
    }
    const last = events[Number(expected) + proposed.length];
    return { kind: 'idempotent', revision: last.revision, last };
  }

  private write(stream: string, current: bigint | undefined, proposed: readonly ProposedEvent[]): AppendOutcome {
    if (proposed.length === 0) return { kind: 'written', revision: current };
    const events = this.streams.get(stream) ?? [];
    this.streams.set(stream, events);
    let revision = current ?? -1n;
    let last: LoggedEvent | undefined;
    const createdTicks = BigInt(Date.now()) * 10_000n;
    for (const p of proposed) {
      revision++;
      last = { ...p, stream, revision, createdTicks, position: this.nextPosition };
      this.nextPosition += RECORD_OVERHEAD + BigInt(p.data.length + p.metadata.length + p.type.length + stream.length);
      events.push(last);
      this.events.push(last);
      this.byId.set(last.id, last);
    }
    for (const listener of this.appendListeners) listener();
    return { kind: 'written', revision, last };
  }
}
