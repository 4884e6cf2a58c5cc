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
 */
import type { RecordedEvent } from '../event-store/port';

export type SqlValue = string | number | bigint | null | Buffer;

export interface ReadModelWriter {
  /** Physical name of one of this projection's logical tables. */
  table(logical: string): string;
  run(sql: string, ...params: SqlValue[]): { changes: number };
  get<T = Record<string, unknown>>(sql: string, ...params: SqlValue[]): T | undefined;
  all<T = Record<string, unknown>>(sql: string, ...params: SqlValue[]): T[];
}

export interface Projection {
  /** Stable name, e.g. "actions". */
  readonly name: string;
  /** Bump when the schema or the fold changes: the runner then rebuilds the projection at start. */
  readonly version: number;
  /** Logical table names owned by this projection. */
  readonly tables: readonly string[];
  /** DDL statements; build every table and index name from `t` so rebuilds get fresh names. */
  schema(t: (logical: string) => string): string[];
  /** Event types this projection consumes; others are not passed to apply (the checkpoint still moves). */
  readonly eventTypes: readonly string[];
  apply(w: ReadModelWriter, event: RecordedEvent): void;
}
