/**
 * `as_of`: a point in the log, given as an ISO-8601 time (the store's recorded time of the events) or as a log
 * position (`<commit>/<prepare>` as history entries show it, or a bare integer for the embedded store's sequence).
 * A point includes every event recorded at or before it.
 */
import { comparePositions, Position, positionFromString, RecordedEvent } from '../event-store/port';

export type AsOf = { kind: 'time'; iso: string; ms: number } | { kind: 'position'; position: Position };

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export class InvalidAsOfError extends Error {
  constructor(value: string) {
    super(
      `as_of must be an ISO-8601 time with a zone (e.g. 2026-11-25T10:00:00Z) or a log position (e.g. 42 or 42/42); got "${value.slice(0, 64)}"`,
    );
  }
}

export function parseAsOf(value: string): AsOf {
  const v = value.trim();
  if (/^\d{1,18}$/.test(v)) return { kind: 'position', position: { commit: BigInt(v), prepare: BigInt(v) } };
  if (/^\d{1,20}\/\d{1,20}$/.test(v)) return { kind: 'position', position: positionFromString(v) };
  if (ISO_TIME.test(v)) {
    const ms = Date.parse(v);
    if (!Number.isNaN(ms)) return { kind: 'time', iso: new Date(ms).toISOString(), ms };
  }
  throw new InvalidAsOfError(value);
}

/** Whether the event was recorded at or before the point. */
export function recordedBy(asOf: AsOf | undefined, event: RecordedEvent): boolean {
  if (!asOf) return true;
  if (asOf.kind === 'position') return comparePositions(event.position, asOf.position) <= 0;
  return Date.parse(event.createdAt) <= asOf.ms;
}
