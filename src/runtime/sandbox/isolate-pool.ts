/**
 * Isolates and warm contexts. Memory-capped V8 isolates per isolation key (a tenant, or a tenant's draft tests),
 * never shared between keys, so no object, prototype or global is ever shared between tenants, and a draft that blows
 * up cannot reset the tenant's live executions. A key has one isolate, and a busy key up to `isolatesPerKey` (its runs
 * spread over their threads, so a busy tenant can use more than one core; each has its own cap). Inside an isolate: compiled module scripts per artifact (compiled once, run in
 * every new context of that version) and a bounded pool of idle warm contexts per version (module loaded once).
 * Everything is LRU-bounded: isolates per process, idle contexts per isolate and per version, scripts per isolate.
 */
import ivm from 'isolated-vm';
import { LRUCache } from 'lru-cache';
import type { ActionApiHost, SandboxMethod } from '../api/api-host';
import { BOOTSTRAP_SOURCE, WRAPPER_LINES, wrapModule } from './bootstrap';
import { DISPATCH_SOURCE } from './chain-dispatch';
import { HARDENING_SOURCE, INTL_HARD_MAX, INTL_SOFT_MAX } from './context-hardening';
import { IsolateLostError, Quarantine } from './isolate-loss';
import type { LogSink } from './log-collector';
import { compileNodeEnv, installNodeEnv, NodeHostSession } from './node-env/host-bridge';

export interface PoolLimits {
  memoryLimitMb: number;
  maxIsolates: number;
  /** Isolates one key may have at once (default 1): a busy key's runs spread over them (each its own thread and cap). */
  isolatesPerKey?: number;
  idleContextsPerIsolate: number;
  idleContextsPerVersion: number;
  scriptsPerIsolate: number;
}

export interface Artifact {
  code: string;
  sha256: string;
}

type Invoke = (handler: string, eventJson: string, commandBytesLeft: number, secretsJson?: string) => Promise<string>;

/** A context with the bootstrap and one version's module loaded; host callbacks go to `current`. */
export interface WarmContext {
  key: string;
  context: ivm.Context;
  invoke: ivm.Reference<Invoke>;
  /** The same run as a step of a chain, called by the isolate's dispatcher (chain-dispatch.ts). */
  invokeChained: ivm.Reference;
  /** The Node environment's `settle` (answers of async host operations go in through it). */
  settle: ivm.Reference;
  /** The execution holding the context; its Node session is made on the first Node operation (most runs make none). */
  current?: {
    host: ActionApiHost;
    logs: LogSink;
    node: () => NodeHostSession;
    /** In a chain: applies the earlier actions' results (JSON) before this action's first host call is answered. */
    applyEarlier?: (resultsJson: string) => void;
  };
  /** Set when the context must not be kept warm after its run (it made too many Intl objects, see context-hardening.ts). */
  retire?: boolean;
}

export class TenantIsolate {
  readonly isolate: ivm.Isolate;
  busy = 0;
  /** Runs of more than one action in one call holding contexts now (Sandbox.runSeries bounds them). */
  chainsInFlight = 0;
  /**
   * Calls running on the isolate's own thread now (runs, context boots): a call on the host's thread would wait for
   * the isolate's lock while one does, so none is made then (sync-runs.ts).
   */
  onThread = 0;
  /** When a run last took this isolate (ms since the epoch). */
  lastUsed = Date.now();
  /** The bootstrap, compiled once per isolate (every context runs it first). */
  readonly bootstrap: ivm.Script;
  /** Run in every new context before any other code (context-hardening.ts). */
  private readonly hardening: ivm.Script;
  /** The Node environment (globals and built-in modules), compiled once per isolate, run in every context right after the hardening. */
  readonly nodeEnv: ivm.Script;
  /** Compiled module scripts by artifact; one pushed out is released. */
  private readonly scripts: LRUCache<string, ivm.Script>;
  private readonly idle = new Map<string, WarmContext[]>();
  private idleCount = 0;
  /** Rejects with IsolateLostError when isolated-vm reports a catastrophic error in this isolate (isolate-loss.ts). */
  private readonly lostSignal: Promise<never>;
  lost = false;

  constructor(
    private readonly limits: PoolLimits,
    onLost: () => void = () => undefined,
  ) {
    let markLost: (e: Error) => void = () => undefined;
    this.lostSignal = new Promise<never>((_, reject) => {
      markLost = reject;
    });
    this.lostSignal.catch(() => undefined);
    this.isolate = new ivm.Isolate({
      memoryLimit: limits.memoryLimitMb,
      onCatastrophicError: (message: string) => {
        this.lost = true;
        markLost(new IsolateLostError(`Isolate lost: ${message}`));
        onLost();
      },
    });
    this.bootstrap = this.isolate.compileScriptSync(BOOTSTRAP_SOURCE, { filename: 'bootstrap.js' });
    this.hardening = this.isolate.compileScriptSync(HARDENING_SOURCE, { filename: 'hardening.js' });
    this.nodeEnv = compileNodeEnv(this.isolate);
    this.scripts = new LRUCache({
      max: Math.max(1, limits.scriptsPerIsolate), // 0 for load checks, which compile their own
      dispose: (script, _sha256, reason) => {
        if (reason === 'evict') script.release(); // after dispose() the isolate took its scripts with it
      },
    });
  }

  /**
   * A new context, hardened before any other code runs in it (no WebAssembly, no resizable buffers, Intl
   * creations counted). `onIntlSoftLimit` is called once if the context's code creates many Intl objects.
   */
  async newContext(onIntlSoftLimit: () => void = () => undefined): Promise<ivm.Context> {
    const context = await this.isolate.createContext();
    let harden: ivm.Reference | undefined;
    try {
      harden = (await this.hardening.run(context, { reference: true })) as ivm.Reference;
      await harden.apply(undefined, [new ivm.Callback(onIntlSoftLimit), INTL_SOFT_MAX, INTL_HARD_MAX]);
      return context;
    } catch (e) {
      if (!this.disposed) context.release();
      throw e;
    } finally {
      if (harden && !this.disposed) harden.release();
    }
  }

  get disposed(): boolean {
    return this.isolate.isDisposed;
  }

  private sampledAt = 0;
  private sampledWallNs = 0n;
  private saturated = false;

  /**
   * Whether the isolate's thread was occupied (running code, or blocked on a host call) for most of the last
   * sampling window: its runs queue behind each other, and another isolate would take them on another core.
   */
  isSaturated(now: number): boolean {
    if (now - this.sampledAt < SATURATION_WINDOW_MS || this.disposed) return this.saturated;
    const wallNs = this.isolate.wallTime;
    if (this.sampledAt > 0)
      this.saturated = Number(wallNs - this.sampledWallNs) / 1e6 >= SATURATED_SHARE * (now - this.sampledAt);
    this.sampledAt = now;
    this.sampledWallNs = wallNs;
    return this.saturated;
  }

  /** Counts `work` (calls into the isolate on its own thread) in `onThread` until it settles. */
  onItsThread<T>(work: Promise<T>): Promise<T> {
    this.onThread++;
    return work.finally(() => {
      if (--this.onThread > 0) return;
      const waiting = this.threadWaiters.splice(0);
      for (const wake of waiting) wake();
    });
  }

  /** Settles once no call runs on the isolate's own thread. */
  threadIdle(): Promise<void> {
    if (this.onThread === 0) return Promise.resolve();
    return new Promise((resolve) => this.threadWaiters.push(resolve));
  }

  private readonly threadWaiters: (() => void)[] = [];

  /** The call's result, or IsolateLostError as soon as the isolate is lost (its pending calls never settle then). */
  guard<T>(call: Promise<T>): Promise<T> {
    if (this.lost) call.catch(() => undefined);
    return Promise.race([call, this.lostSignal]);
  }

  /** An idle warm context of this version, if any (the version becomes most recently used). */
  take(key: string): WarmContext | undefined {
    const pool = this.idle.get(key);
    const warm = pool?.pop();
    if (!warm) return undefined;
    this.idleCount--;
    this.idle.delete(key);
    if (pool!.length > 0) this.idle.set(key, pool!);
    return warm;
  }

  /** Contexts of each version checked out now, and the runs waiting for one. */
  private readonly inUse = new Map<string, number>();
  private readonly waiting = new Map<string, ((warm: WarmContext | undefined) => void)[]>();

  /**
   * How many contexts one version may have checked out at once: up to idleContextsPerVersion, but never more than its
   * share of idleContextsPerIsolate, so every version's contexts can go back to the idle pool without evicting another
   * version's (32 executions marching through 20 bound versions together would otherwise boot contexts all the time).
   * A run past it waits for one of the version's contexts: an invocation holds the isolate for a fraction of a
   * millisecond, a new context costs milliseconds of it.
   */
  private versionCap(): number {
    let versions = this.idle.size;
    for (const k of this.inUse.keys()) if (!this.idle.has(k)) versions++;
    return Math.max(
      4,
      Math.min(
        this.limits.idleContextsPerVersion,
        Math.floor(this.limits.idleContextsPerIsolate / Math.max(1, versions)),
      ),
    );
  }

  private count(key: string, delta: number): void {
    const n = (this.inUse.get(key) ?? 0) + delta;
    if (n > 0) this.inUse.set(key, n);
    else this.inUse.delete(key);
  }

  /** Hands `warm` (or, with undefined, a free slot) to the oldest run waiting for this version; false if none waits. */
  private wake(key: string, warm: WarmContext | undefined): boolean {
    const queue = this.waiting.get(key);
    const next = queue?.shift();
    if (queue && queue.length === 0) this.waiting.delete(key);
    if (next) next(warm);
    return next !== undefined;
  }

  /** A context of this version for one run: an idle one, a new one within the version's cap, else the next one given back. */
  async checkout(key: string, create: () => Promise<WarmContext>, waitMs: number): Promise<WarmContext> {
    for (;;) {
      const free = await this.checkoutFree(key, create);
      if (free) return free;
      const handed = await new Promise<WarmContext | undefined>((resolve, reject) => {
        const queue = this.waiting.get(key) ?? [];
        const timer = setTimeout(() => {
          const at = queue.indexOf(waiter);
          if (at >= 0) queue.splice(at, 1);
          reject(new Error('timed out waiting for a warm context of this version'));
        }, waitMs);
        const waiter = (warm: WarmContext | undefined) => {
          clearTimeout(timer);
          resolve(warm);
        };
        queue.push(waiter);
        this.waiting.set(key, queue);
      });
      if (handed) return handed; // still counted as in use: it went from one run to the next
    }
  }

  /**
   * A context of this version if one is free now: an idle one, or a new one within the version's cap; undefined
   * otherwise (never waits). The later actions of a chain take theirs this way: a run holding contexts never waits
   * for another, so runs of chains in different orders cannot hold each other up.
   */
  async checkoutFree(key: string, create: () => Promise<WarmContext>): Promise<WarmContext | undefined> {
    const idle = this.take(key);
    if (idle) {
      this.count(key, 1);
      return idle;
    }
    if ((this.inUse.get(key) ?? 0) >= this.versionCap()) return undefined;
    this.count(key, 1);
    try {
      return await create();
    } catch (e) {
      this.count(key, -1);
      this.wake(key, undefined);
      throw e;
    }
  }

  private dispatcher?: Promise<ivm.Reference>;

  /** The isolate's chain dispatcher (chain-dispatch.ts), made in its own hardened context on first use. */
  chainDispatcher(): Promise<ivm.Reference> {
    this.dispatcher ??= (async () => {
      const context = await this.newContext();
      const script = await this.isolate.compileScript(DISPATCH_SOURCE, { filename: 'dispatch.js' });
      try {
        return (await script.run(context, { reference: true })) as ivm.Reference;
      } finally {
        script.release();
      }
    })();
    this.dispatcher.catch(() => (this.dispatcher = undefined));
    return this.dispatcher;
  }

  /** A checked-out context whose run failed: not reused; a waiting run may create another. */
  abandon(warm: WarmContext): void {
    this.count(warm.key, -1);
    this.release(warm);
    this.wake(warm.key, undefined);
  }

  /** Idle contexts are kept only while the isolate's heap is under half its cap (checked every 256 give-backs). */
  private heapHigh = false;
  private giveBacks = 0;

  private checkHeap(): void {
    if (++this.giveBacks % 256 !== 0) return;
    this.isolate.getHeapStatistics().then(
      (h) => {
        this.heapHigh = h.used_heap_size > (this.limits.memoryLimitMb * 1024 * 1024) / 2;
      },
      () => undefined,
    );
  }

  giveBack(warm: WarmContext): void {
    warm.current = undefined;
    if (this.disposed || this.lost) return;
    if (!warm.retire && this.wake(warm.key, warm)) return; // straight to the next run of this version
    this.count(warm.key, -1);
    if (warm.retire) {
      this.release(warm);
      this.wake(warm.key, undefined);
      return;
    }
    this.checkHeap();
    if (this.heapHigh) return this.release(warm); // heavy modules: fewer warm contexts rather than hitting the cap
    const pool = this.idle.get(warm.key) ?? [];
    if (pool.length >= this.limits.idleContextsPerVersion) return this.release(warm);
    this.idle.delete(warm.key);
    this.idle.set(warm.key, [...pool, warm]);
    this.idleCount++;
    while (this.idleCount > this.limits.idleContextsPerIsolate) {
      // From the version keeping the most idle contexts (least recently used first among equals): with many bound
      // versions taking turns, evicting the least recently used version would drop the very contexts needed next.
      let victimKey: string | undefined;
      let victim: WarmContext[] | undefined;
      for (const [k, pool] of this.idle) if (!victim || pool.length > victim.length) [victimKey, victim] = [k, pool];
      const evicted = victim!.shift()!;
      if (victim!.length === 0) this.idle.delete(victimKey!);
      this.idleCount--;
      this.release(evicted);
    }
  }

  /** A context that is not reused (its run failed, or the pool is full). */
  release(warm: WarmContext): void {
    warm.current = undefined;
    if (this.disposed || this.lost) return;
    warm.invoke.release();
    warm.invokeChained.release();
    warm.settle.release();
    warm.context.release();
  }

  async createContext(
    key: string,
    artifact: Artifact,
    methods: SandboxMethod[],
    lineMax: number,
    timeoutMs: number,
    filename: string,
  ): Promise<WarmContext> {
    const script = await this.compiled(artifact, filename);
    const warm = { key, current: undefined } as WarmContext;
    const context = await this.newContext(() => {
      warm.retire = true;
    });
    warm.context = context;
    // Neither bridge ever throws into the isolate: a host exception would carry host frames and paths with it.
    // `queued`: calls the sandbox recorded without waiting (JSON of [path, argsJson, ...]), applied first, in order;
    // path '' only hands those over.
    const hostCall = new ivm.Callback((path: string, json: string, queued?: string, earlier?: string) => {
      try {
        const current = warm.current;
        if (!current) return JSON.stringify({ error: 'api was called outside of an execution' });
        if (earlier) current.applyEarlier?.(String(earlier));
        if (queued) current.host.applyDeferred(JSON.parse(String(queued)) as unknown[]);
        if (path === '') return '{"value":null}';
        return JSON.stringify(current.host.callJson(String(path), String(json)));
      } catch {
        return JSON.stringify({ error: `api.${String(path).slice(0, 64)} could not be completed` });
      }
    });
    // api.cache's entries are loaded on the first cache call of a run: the sandbox blocks on this promise then.
    const cacheLoad = new ivm.Reference(() => (warm.current ? warm.current.host.prepareCache() : Promise.resolve()));
    const hostLog = new ivm.Callback((level: unknown, line: unknown, length: unknown) => {
      try {
        warm.current?.logs.add(level, line, length);
      } catch {
        // a line that cannot be kept is dropped
      }
    });
    const refs: ivm.Reference[] = [];
    try {
      const node = await installNodeEnv(this.nodeEnv, context, () => warm.current?.node(), timeoutMs);
      refs.push(node.env);
      warm.settle = node.settle;
      const factory = (await this.bootstrap.run(context, { reference: true, timeout: timeoutMs })) as ivm.Reference;
      refs.push(factory);
      const parts = (await factory.apply(
        undefined,
        [hostCall, hostLog, JSON.stringify(methods), lineMax, node.env.derefInto(), cacheLoad],
        { result: { reference: true }, timeout: timeoutMs },
      )) as ivm.Reference;
      refs.push(parts);
      const load = (await parts.get('load', { reference: true })) as ivm.Reference;
      refs.push(load);
      const moduleFunction = (await script.run(context, { reference: true, timeout: timeoutMs })) as ivm.Reference;
      refs.push(moduleFunction);
      await load.apply(undefined, [moduleFunction.derefInto()], { timeout: timeoutMs });
      warm.invoke = (await parts.get('invoke', { reference: true })) as ivm.Reference<Invoke>;
      warm.invokeChained = (await parts.get('invokeChained', { reference: true })) as ivm.Reference;
      return warm;
    } catch (e) {
      if (!this.disposed) {
        warm.settle?.release();
        warm.invoke?.release();
        context.release();
      }
      throw e;
    } finally {
      if (!this.disposed) for (const r of refs) r.release();
    }
  }

  /** The version's module, compiled once per isolate. */
  private async compiled(artifact: Artifact, filename: string): Promise<ivm.Script> {
    const known = this.scripts.get(artifact.sha256);
    if (known) return known;
    const script = await this.isolate.compileScript(wrapModule(artifact.code), { filename, lineOffset: WRAPPER_LINES });
    this.scripts.set(artifact.sha256, script);
    return script;
  }

  dispose(): void {
    this.idle.clear();
    this.inUse.clear();
    for (const [key] of this.waiting) while (this.wake(key, undefined));
    this.scripts.clear();
    this.idleCount = 0;
    if (!this.disposed) this.isolate.dispose();
  }
}

/** Which isolate limit an isolated-vm error reports: the time bound, the memory cap, or neither. */
export function limitHit(error: unknown): 'timeout' | 'memory' | undefined {
  const message = String((error as Partial<Error> | undefined)?.message ?? error);
  if (/memory limit/i.test(message)) return 'memory';
  if (/timed out/i.test(message)) return 'timeout';
  return undefined;
}

/** An isolate no run has used for this long is disposed (checked whenever a run takes an isolate). */
export const IDLE_ISOLATE_MS = 10 * 60_000;

/** In-flight runs on a key's least busy isolate from which another isolate of the key may be worth its boot time. */
export const SPREAD_AT_BUSY = 4;
/** How often an isolate's occupancy is sampled (ms), and the share of the window that counts as saturated. */
export const SATURATION_WINDOW_MS = 250;
export const SATURATED_SHARE = 0.75;

export class IsolatePool {
  /** Per key, its isolates (never shared between keys); keys in least-recently-used order. */
  private readonly isolates = new Map<string, TenantIsolate[]>();
  /**
   * `onLost`: told when an isolate is lost (isolate-loss.ts), with its key and how many were lost so far.
   * `quarantine`: shared by pools holding isolates of the same keys (a key lost in one is refused by all).
   */
  constructor(
    private readonly limits: PoolLimits,
    private readonly onLost?: (isolationKey: string, lostSoFar: number) => void,
    readonly quarantine = new Quarantine(),
  ) {}

  /**
   * An isolate of this key for one run: the key's least busy one; a new one if it has none (or only disposed ones),
   * or if even the least busy has SPREAD_AT_BUSY runs in flight, its thread is saturated (isSaturated) and the key
   * has fewer than `isolatesPerKey` (a busy tenant's load then spreads over more than one thread, so more than one
   * core). Only a saturated isolate counts: while the main thread is the limit, a second isolate's thread only adds
   * hand-offs to a sleeping thread and contexts to boot (docs/performance.md). The key becomes most recently used.
   * Throws QuarantinedError while the key is quarantined.
   */
  acquire(isolationKey: string, now = Date.now(), spreadUpTo = this.limits.isolatesPerKey ?? 1): TenantIsolate {
    this.quarantine.check(isolationKey, now);
    this.disposeIdleSince(now - IDLE_ISOLATE_MS);
    let group = this.isolates.get(isolationKey) ?? [];
    if (group.some((t) => t.disposed || t.lost)) group = group.filter((t) => !t.disposed && !t.lost);
    this.isolates.delete(isolationKey);
    let t: TenantIsolate | undefined;
    for (const candidate of group) if (!t || candidate.busy < t.busy) t = candidate;
    const spread = (x: TenantIsolate) => group.length < spreadUpTo && x.busy >= SPREAD_AT_BUSY && x.isSaturated(now);
    if (!t || spread(t)) {
      t = new TenantIsolate(this.limits, () => {
        this.quarantine.add(isolationKey);
        this.onLost?.(isolationKey, this.quarantine.lost);
      });
      group.push(t);
      this.evictIdleIsolates();
    }
    t.lastUsed = now;
    this.isolates.set(isolationKey, group);
    return t;
  }

  /**
   * Frees the isolates no run has taken since `cutoff` (a tenant that stopped logging in): memory goes back to the
   * process instead of waiting for the count bound. The map is in least-recently-used order, so it stops at the
   * first key used after the cutoff.
   */
  disposeIdleSince(cutoff: number): void {
    for (const [key, group] of this.isolates) {
      if (group.every((t) => t.lastUsed >= cutoff)) return;
      for (const t of [...group]) if (t.lastUsed < cutoff && t.busy === 0) this.discard(key, t);
    }
  }

  /** Disposes an isolate (deadline passed, memory cap hit): every context in it is gone; the next run gets a new one. */
  discard(isolationKey: string, t: TenantIsolate): void {
    const group = this.isolates.get(isolationKey);
    const at = group?.indexOf(t) ?? -1;
    if (group && at >= 0) {
      group.splice(at, 1);
      if (group.length === 0) this.isolates.delete(isolationKey);
    }
    t.dispose();
  }

  /** Isolates held, all keys together. */
  size(): number {
    let n = 0;
    for (const group of this.isolates.values()) n += group.length;
    return n;
  }

  /** Isolates held for one key. */
  sizeOf(isolationKey: string): number {
    return this.isolates.get(isolationKey)?.length ?? 0;
  }

  private evictIdleIsolates(): void {
    let total = this.size();
    for (const [key, group] of this.isolates) {
      for (const t of [...group]) {
        if (total < this.limits.maxIsolates) return;
        if (t.busy === 0) {
          this.discard(key, t);
          total--;
        }
      }
    }
  }

  dispose(): void {
    for (const [key, group] of this.isolates) for (const t of [...group]) this.discard(key, t);
  }
}
