/**
 * A projection folds events of the global log into read-model tables of the SQLite read store
 * (DATA_DIR/read-models.sqlite). The runner (projection-runner.ts) feeds it, stores its checkpoint in the same
 * transaction as its table changes, and can rebuild it into fresh tables and swap them in.
 *
 * Rules for authors:
 * - Use `w.table('<logical>')` for every table name: during a rebuild the physical tables are fresh copies.
 * - `apply` must be deterministic and idempotent given the event (the runner also skips events at or below the
 *   checkpoint, so idempotence is a second line of defence).
 * - Never read the clock or do I/O beyond the writer; everything comes from the event.
 * - Build it with `projectionOf` over the feature's event list (`<feature>.events.ts`): every type of the list gets a
 *   handler or an explicit 'ignored', so a new event type cannot be left out silently (docs/recipes.md).
 */
import type { RecordedEvent } from '../event-store/port';
import type { DomainEvent, EventOf } from '../shared/decider';

export type SqlValue = string | number | bigint | null | Buffer;

export interface ReadModelWriter {
  /** Physical name of one of this projection's logical tables. */
  table(logical: string): string;
  run(sql: string, ...params: SqlValue[]): { changes: number };
  get<T = Record<string, unknown>>(sql: string, ...params: SqlValue[]): T | undefined;
  all<T = Record<string, unknown>>(sql: string, ...params: SqlValue[]): T[];
}

/** A recorded event of the union `E`: its `type` narrows its `data`. */
export type RecordedOf<E extends DomainEvent> = E extends DomainEvent<infer T, infer D> ? RecordedEvent<T, D> : never;

export interface Projection<E extends DomainEvent = DomainEvent> {
  /** Stable name, e.g. "actions". */
  readonly name: string;
  /** Bump when the schema or the fold changes: the runner then rebuilds the projection at start. */
  readonly version: number;
  /** Logical table names owned by this projection. */
  readonly tables: readonly string[];
  /** DDL statements; build every table and index name from `t` so rebuilds get fresh names. */
  schema(t: (logical: string) => string): string[];
  /** Event types this projection consumes; others are not passed to apply (the checkpoint still moves). */
  readonly eventTypes: readonly E['type'][];
  apply(w: ReadModelWriter, event: RecordedOf<E>): void;
}

/** What a projection does with each event type of a feature's list: a handler, or 'ignored' (a decision). */
export type EventHandlers<E extends DomainEvent> = {
  readonly [T in E['type']]: ((w: ReadModelWriter, event: RecordedOf<EventOf<E, T>>) => void) | 'ignored';
};

export interface FeatureProjection<E extends DomainEvent> extends Projection<E> {
  /** The feature's event list this projection reads (its `<FEATURE>_EVENT_TYPES`). */
  readonly claims: readonly E['type'][];
  readonly handlers: EventHandlers<E>;
}

/**
 * A projection over one feature's events. Its filter (`eventTypes`) is derived from the feature's list: every type
 * whose handler is not 'ignored'.
 */
export function projectionOf<E extends DomainEvent>(definition: {
  name: string;
  version: number;
  tables: readonly string[];
  schema(t: (logical: string) => string): string[];
  claims: readonly E['type'][];
  handlers: EventHandlers<E>;
}): FeatureProjection<E> {
  const { handlers, claims } = definition;
  return {
    ...definition,
    eventTypes: claims.filter((type) => handlers[type as E['type']] !== 'ignored'),
    apply(w, event) {
      const handler = handlers[event.type as E['type']];
      // the handler of `event.type` takes exactly that member of the union
      if (handler !== 'ignored') (handler as (w: ReadModelWriter, e: RecordedOf<E>) => void)(w, event);
    },
  };
}
