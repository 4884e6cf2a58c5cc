/**
 * Runs on the host's own thread (docs/performance.md, "Runs on the main thread"). A call into an isolate on its own
 * thread is a hand-off both ways: tens of microseconds of CPU on each side, more than most actions take to run.
 * isolated-vm can also run a call on the calling thread (applySync: it takes the isolate's lock and runs there,
 * about 2 µs a call), which blocks that thread for as long as the call lasts. So a run goes there only when it is
 * known to be short and to need nothing from the host:
 * - its isolate is idle (no other run in flight on it, so the lock is free and nothing waits for it);
 * - it runs for at most a slice (`sliceMs`); past it isolated-vm stops it, and the run goes again on the
 *   isolate's own thread with the rest of its time; a run that finished but took over HEAVY_RUN_MS an action sends
 *   its versions there for a while too;
 * - it makes no host call, no api.cache call and starts nothing that settles later (a timer, a request): the first
 *   such call gives the run up (bootstrap.ts, NodeHostSession.syncOnly) before the host sees anything, and it goes
 *   again on the isolate's thread in a fresh context (the given-up one is dropped: its module state is changed);
 * - a version whose run was given up goes to its isolate's thread for a while (`DEMOTED_FOR_MS` when it needed the
 *   host, less when it reached the slice: FIRST_SLICE_DEMOTION_MS), then is tried again, so an action that needs
 *   the host pays for a given-up run once a minute at most;
 * - one isolate's runs take at most `share` of the host thread's time per window; past it, the rest of the window
 *   runs on the isolate's thread (a busy tenant then uses its isolate threads, and other cores, as before);
 * - the host thread has time to spare: while its event loop is busy (over HOST_BUSY of the last HOST_SAMPLE_MS,
 *   until it is under HOST_CALM again), runs go to their isolates' threads, which take work off it. Measured
 *   (docs/performance.md): on the host's thread a lone execution answers in 20-25 % less time with 20 % less CPU,
 *   but once the host thread is the limit, the isolate threads' second core is worth more than the hand-offs cost.
 * The isolates called here are the key's own in a pool of their own (Sandbox.herePool), never the ones runs use on
 * their own thread: a call here takes the isolate's lock, and one of those may hold it for as long as a run lasts.
 * Log lines of a run on the host's thread are held and kept only if it is not given up (HeldLogs).
 *
 * Off by default (SANDBOX_SYNC_SLICE_MS=0), for code the operator trusts only: some out-of-memory errors are not
 * contained by isolated-vm (isolate-loss.ts; one allocation far past the cap, `new Array(2 ** 27).fill(0)`), and
 * V8 then stops the thread the isolate ran on for good. On an isolate's own thread that loses the isolate; on the
 * service thread it is the whole service, every tenant's requests with it. A slice does not help: the allocation is
 * one step. Nothing a run does before can tell such code apart.
 */
import type ivm from 'isolated-vm';
import { limitHit } from './isolate-pool';
import type { LogSink } from './log-collector';

export interface SyncRunLimits {
  /** Longest a run may take on the host's thread (ms) before it goes to the isolate's thread; 0: never run there. */
  sliceMs: number;
  /** Share (0..1) of the host thread's time one isolate's runs may take per window. */
  share: number;
}

/** The window the share is measured over (ms). */
export const SYNC_WINDOW_MS = 1000;
/** The host thread's event loop utilisation is sampled this often (ms, at most; on the runs' own schedule). */
export const HOST_SAMPLE_MS = 100;
/** Above this utilisation runs leave the host thread; under HOST_CALM they come back. */
export const HOST_BUSY = 0.95;
export const HOST_CALM = 0.9;
/** How long a version whose run needed the host stays on its isolate's thread (ms). */
export const DEMOTED_FOR_MS = 60_000;
/**
 * A run stopped at the slice may have been unlucky (a garbage collection, the thread preempted, code not compiled
 * yet): the first time, its version goes to its isolate's thread for this long (ms), twice as long each time again
 * (up to DEMOTED_FOR_MS); a run of it that finishes here forgets the count.
 */
export const FIRST_SLICE_DEMOTION_MS = 250;
/** A run that took longer than this per action on the service thread (ms) is heavy: demoted as if it reached the slice. */
export const HEAVY_RUN_MS = 1;

interface Demotion {
  until: number;
  /** Runs of the version stopped at the slice since its last run that finished here. */
  sliced: number;
}

interface IsolateState {
  windowStart: number;
  usedMs: number;
  /** By context key. */
  demoted: Map<string, Demotion>;
}

/** Why a run on the host's thread was given up: it reached the slice, or it needed the host (or is still pending). */
export type GivenUp = 'slice' | 'host';

/** What a call on the host's thread answered: the run's result, or that it was given up. */
export type HereOutcome = { result: string } | { givenUp: GivenUp };

/** How busy the host thread's event loop was since the last call (0..1); performance.eventLoopUtilization by default. */
export type Utilisation = () => number;

function eventLoopUtilisation(): Utilisation {
  let last = performance.eventLoopUtilization();
  return () => {
    const now = performance.eventLoopUtilization();
    const delta = performance.eventLoopUtilization(now, last);
    last = now;
    return delta.utilization;
  };
}

export class SyncRuns {
  private readonly states = new WeakMap<object, IsolateState>();
  private hostBusy = false;
  private sampledAt = 0;

  constructor(
    readonly limits: SyncRunLimits,
    private readonly utilisation: Utilisation = eventLoopUtilisation(),
  ) {}

  /** Runs given up, and runs that finished here, since start (Sandbox.hostThreadStats). */
  readonly counts = { here: 0, slice: 0, host: 0 };

  get enabled(): boolean {
    return this.limits.sliceMs > 0;
  }

  /** Whether a run of these versions (context keys) on this isolate may go on the host's thread now. */
  mayRun(isolate: object, keys: readonly string[], now: number): boolean {
    if (!this.enabled || this.hostIsBusy(now)) return false;
    const state = this.states.get(isolate);
    if (!state) return true;
    if (now - state.windowStart >= SYNC_WINDOW_MS) {
      state.windowStart = now;
      state.usedMs = 0;
      // A demotion over for as long as the longest lasts is forgotten (its backoff with it): versions come and go
      for (const [key, { until }] of state.demoted) if (until + DEMOTED_FOR_MS <= now) state.demoted.delete(key);
    }
    if (state.usedMs >= this.limits.share * SYNC_WINDOW_MS) return false;
    if (state.demoted.size === 0) return true;
    for (const key of keys) if ((state.demoted.get(key)?.until ?? 0) > now) return false;
    return true;
  }

  /**
   * These versions' run finished here in `ms`: a light one forgets a slice they reached before; a heavy one (over
   * HEAVY_RUN_MS an action) sends them to the isolate's thread as reaching the slice would, where heavy runs belong
   * (they would hold the service thread, and a saturated tenant's runs spread over more than one isolate there).
   */
  finished(isolate: object, keys: readonly string[], ms: number, now: number): void {
    this.counts.here++;
    if (ms > HEAVY_RUN_MS * keys.length) return this.lengthen(this.stateOf(isolate, now), keys, 'slice', now);
    const demoted = this.states.get(isolate)?.demoted;
    if (demoted && demoted.size > 0) for (const key of keys) demoted.delete(key);
  }

  /** Counts time the isolate's runs took on the host's thread. */
  charge(isolate: object, ms: number, now: number): void {
    const state = this.stateOf(isolate, now);
    state.usedMs += ms;
  }

  /** These versions' runs go to the isolate's thread for a while (longer the more often they reached the slice). */
  demote(isolate: object, keys: readonly string[], why: GivenUp, now: number): void {
    this.counts[why]++;
    this.lengthen(this.stateOf(isolate, now), keys, why, now);
  }

  private lengthen(state: IsolateState, keys: readonly string[], why: GivenUp, now: number): void {
    for (const key of keys) {
      const sliced = (state.demoted.get(key)?.sliced ?? 0) + (why === 'slice' ? 1 : 0);
      const ms =
        why === 'slice' ? Math.min(DEMOTED_FOR_MS, FIRST_SLICE_DEMOTION_MS * 2 ** (sliced - 1)) : DEMOTED_FOR_MS;
      state.demoted.set(key, { until: now + ms, sliced });
    }
  }

  /**
   * Calls `ref` (a context's `invoke` or the dispatcher, with `sync` set in `args`) on this thread for at most
   * `sliceMs`; `timeoutMs` is what the run has left in all. A run stopped at the slice, still pending when the call
   * returned, or that gave itself up is given up; a run stopped at its own deadline throws, as on its own thread.
   */
  callHere(ref: ivm.Reference, args: unknown[], timeoutMs: number): HereOutcome {
    const slice = Math.min(this.limits.sliceMs, timeoutMs);
    let box: { result?: unknown } | undefined;
    try {
      box = ref.applySync(undefined, args, { timeout: slice, result: { copy: true } }) as typeof box;
    } catch (e) {
      if (slice < timeoutMs && limitHit(e) === 'timeout') return { givenUp: 'slice' };
      throw e;
    }
    if (typeof box?.result !== 'string') return { givenUp: 'host' }; // pending: only the host could settle it
    return { result: box.result };
  }

  private hostIsBusy(now: number): boolean {
    if (now - this.sampledAt >= HOST_SAMPLE_MS) {
      this.sampledAt = now;
      const used = this.utilisation();
      this.hostBusy = this.hostBusy ? used > HOST_CALM : used > HOST_BUSY;
    }
    return this.hostBusy;
  }

  private stateOf(isolate: object, now: number): IsolateState {
    let state = this.states.get(isolate);
    if (!state) this.states.set(isolate, (state = { windowStart: now, usedMs: 0, demoted: new Map() }));
    return state;
  }
}

/** Log lines of a run on the host's thread, handed to the run's collector once the run is not given up. */
export class HeldLogs implements LogSink {
  private readonly lines: [unknown, unknown, unknown][] = [];

  add(level: unknown, line: unknown, fullLength?: unknown): void {
    this.lines.push([level, line, fullLength]); // as many as a slice's time allows
  }

  replayInto(sink: LogSink): void {
    for (const [level, line, fullLength] of this.lines) sink.add(level, line, fullLength);
  }
}
