/**
 * What the runner knows in memory about its projections: each one's checkpoint, whether it is parked, the head of
 * the log recorded at start, and the writers waiting for a position. `waitForPosition` resolves from here, without
 * touching SQLite: the runner reports every committed checkpoint and calls `settle()` after each batch.
 */
import { comparePositions, Position, START } from '../event-store/port';

export interface ProjectionStatus {
  name: string;
  version: number;
  /** positionToString of the last position applied. */
  checkpoint: string;
  parked: boolean;
  /** Position (positionToString) of the event a parked projection stopped on. */
  parkedAt?: string;
  error?: string;
  /** Events between the checkpoint and the newest position the runner knows of (head at start or last received).
   *  Exact on the embedded store, whose positions are event sequence numbers; on EventStoreDB only events already
   *  received and not applied are counted (the initial catch-up shows as caughtUpAtStart: false). */
  lag: number;
}

export interface RunnerStatus {
  /** Every projection that is not parked has reached the head of the log recorded at start. */
  caughtUpAtStart: boolean;
  /** The last error that stopped the feed (it retries by itself); absent while all is well. */
  failure?: string;
  projections: ProjectionStatus[];
}

export interface Parking {
  at: Position;
  error: string;
}

interface Waiter {
  position: Position;
  resolve: (reached: boolean) => void;
  timer: NodeJS.Timeout;
}

interface Tracked {
  checkpoint: Position;
  parked?: Parking;
  /** Events received by the runner that this projection has not applied (counted while parked). */
  missed: number;
}

const later = (a: Position, b: Position) => (comparePositions(a, b) >= 0 ? a : b);

export class ProjectionProgress {
  private readonly tracked = new Map<string, Tracked>();
  private readonly waiters = new Set<Waiter>();
  private headAtStart?: Position;
  private newestSeen: Position = START;
  private caughtUp = false;

  /** Every projection the runner feeds; until `load`, each counts as being at the start of the log. */
  constructor(private readonly names: readonly string[]) {}

  load(name: string, checkpoint: Position): void {
    this.tracked.set(name, { checkpoint, missed: 0 });
  }

  /** The head of the log when the runner started: readiness means every running projection got there. */
  recordHeadAtStart(head: Position): void {
    this.headAtStart = head;
    this.newestSeen = later(this.newestSeen, head);
  }

  /** A batch arrived from the log: parked projections fall further behind. */
  received(count: number, last: Position): void {
    this.newestSeen = later(this.newestSeen, last);
    for (const t of this.tracked.values()) if (t.parked) t.missed += count;
  }

  advance(name: string, checkpoint: Position): void {
    const t = this.tracked.get(name);
    if (t && comparePositions(checkpoint, t.checkpoint) > 0) t.checkpoint = checkpoint;
  }

  /** `missedInBatch`: events of the current batch from the failing one on, which it will not apply. */
  park(name: string, parking: Parking, missedInBatch: number): void {
    const t = this.tracked.get(name);
    if (t) Object.assign(t, { parked: parking, missed: missedInBatch });
  }

  unpark(name: string, checkpoint: Position): boolean {
    const t = this.tracked.get(name);
    if (!t?.parked) return false;
    this.tracked.set(name, { checkpoint: later(checkpoint, t.checkpoint), missed: 0 });
    return true;
  }

  checkpoint(name: string): Position {
    return this.tracked.get(name)?.checkpoint ?? START;
  }

  parking(name: string): Parking | undefined {
    return this.tracked.get(name)?.parked;
  }

  missed(name: string): number {
    return this.tracked.get(name)?.missed ?? 0;
  }

  /** Events between `name`'s checkpoint and the newest position known (head at start or last received): by
   *  subtraction when positions are event sequence numbers, otherwise the events received and not applied. */
  lag(name: string, positionsAreSequenceNumbers: boolean): number {
    if (!positionsAreSequenceNumbers) return this.missed(name);
    return Math.max(0, Number(this.newestSeen.commit - this.checkpoint(name).commit));
  }

  get headAtStartKnown(): boolean {
    return this.headAtStart !== undefined;
  }

  get caughtUpAtStart(): boolean {
    return this.caughtUp;
  }

  /** Where the runner's subscription resumes: the lowest checkpoint of the projections that are not parked
   *  (the highest of all when every one is parked, so lag keeps being counted). */
  resumePosition(): Position {
    const positions = this.names.map((n) => ({ at: this.checkpoint(n), parked: !!this.parking(n) }));
    const running = positions.filter((p) => !p.parked);
    if (running.length === 0) return positions.reduce((max, p) => later(p.at, max), START);
    return running.reduce((min, p) => (comparePositions(p.at, min) < 0 ? p.at : min), running[0].at);
  }

  /** Every projection that is not parked has applied the log up to `position`. */
  reached(position: Position): boolean {
    return this.names.every((n) => !!this.parking(n) || comparePositions(this.checkpoint(n), position) >= 0);
  }

  waitFor(position: Position, timeoutMs: number): Promise<boolean> {
    if (this.reached(position)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        position,
        resolve,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          resolve(false);
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  /** After checkpoints moved or a projection was parked: resolve the waiters whose position is now reached. */
  settle(): void {
    if (!this.caughtUp && this.headAtStart && this.reached(this.headAtStart)) this.caughtUp = true;
    for (const w of this.waiters) {
      if (!this.reached(w.position)) continue;
      clearTimeout(w.timer);
      this.waiters.delete(w);
      w.resolve(true);
    }
  }

  /** The runner stopped: nothing will move any more, so every waiter gets false now. */
  releaseWaiters(): void {
    for (const w of this.waiters) {
      clearTimeout(w.timer);
      w.resolve(false);
    }
    this.waiters.clear();
  }
}
