/**
 * Translations between the port's shapes and @eventstore/db-client's, in one place:
 * expected revisions, outgoing JSON events, recorded events (positions stay bigints), and which events are ours.
 */
import {
  ANY,
  AppendExpectedRevision,
  EventData,
  eventTypeFilter,
  excludeSystemEvents,
  jsonEvent,
  JSONType,
  NO_STREAM,
  ResolvedEvent,
  STREAM_EXISTS,
} from '@eventstore/db-client';
import type { EventMetadata, ExpectedRevision, NewEvent, Position, RecordedEvent } from '../port';

/** EventStoreDB keeps its own bookkeeping in `$`-prefixed streams and event types; none of it is ours. */
export function isSystemEvent(type: string, stream: string): boolean {
  return type.startsWith('$') || stream.startsWith('$');
}

export function toClientExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      return expected;
  }
}

/** JSON events with the caller's ids: the ids are what makes a repeated append idempotent on the server. */
export function toJsonEvents(events: readonly NewEvent[]): EventData[] {
  return events.map((e) =>
    jsonEvent({ id: e.id, type: e.type, data: (e.data ?? null) as JSONType, metadata: e.metadata }),
  );
}

export class EventWithoutPositionError extends Error {
  override readonly name = 'EventWithoutPositionError';
  constructor(stream: string, revision: bigint) {
    super(
      `EventStoreDB returned event ${revision} of stream "${stream}" without a global position ` +
        '(written in an explicit transaction, or a server older than 20.6); the port needs one for every event',
    );
  }
}

/**
 * The port's view of a resolved event, or undefined for what is not a readable event of ours to hand out
 * (an unresolved link). Events without a position are refused loudly rather than dropped.
 */
export function toRecordedEvent(resolved: ResolvedEvent): RecordedEvent | undefined {
  const e = resolved.event;
  if (!e) return undefined;
  if (!e.position) throw new EventWithoutPositionError(e.streamId, e.revision);
  return {
    id: e.id,
    type: e.type,
    data: e.data as unknown,
    metadata: (e.metadata ?? {}) as EventMetadata,
    stream: e.streamId,
    revision: e.revision,
    position: toPortPosition(e.position),
    createdAt: e.created.toISOString(),
  };
}

export function toPortPosition(position: { commit: bigint; prepare: bigint }): Position {
  return { commit: position.commit, prepare: position.prepare };
}

/** Server-side subscription filter: the requested event types exactly, or everything that is not a system event. */
export function subscriptionFilter(eventTypes: readonly string[] | undefined) {
  if (!eventTypes) return excludeSystemEvents();
  const alternatives = eventTypes.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  return eventTypeFilter({ regex: `^(?:${alternatives})$` });
}
