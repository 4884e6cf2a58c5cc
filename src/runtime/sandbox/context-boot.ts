/**
 * Warm contexts of one isolate (tenant-isolate.ts): a new context is hardened before any other code runs in it
 * (context-hardening.ts), gets the Node environment and the bootstrap, then loads one version's module. Compiled
 * module scripts per artifact (compiled once, run in every new context of that version), LRU-bounded per isolate.
 */
import ivm from 'isolated-vm';
import { LRUCache } from 'lru-cache';
import type { ActionApiHost, SandboxMethod } from '../api/api-host';
import { BOOTSTRAP_SOURCE, WRAPPER_LINES, wrapModule } from './bootstrap';
import { DISPATCH_SOURCE } from './chain-dispatch';
import { HARDENING_SOURCE, INTL_HARD_MAX, INTL_SOFT_MAX } from './context-hardening';
import type { LogSink } from './log-collector';
import { compileNodeEnv, installNodeEnv, NodeHostSession } from './node-env/host-bridge';

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

/** The scripts an isolate compiles once, and the contexts made from them. */
export class ContextBoot {
  /** The bootstrap, compiled once per isolate (every context runs it first). */
  readonly bootstrap: ivm.Script;
  /** Run in every new context before any other code (context-hardening.ts). */
  private readonly hardening: ivm.Script;
  /** The Node environment (globals and built-in modules), compiled once per isolate, run in every context right after the hardening. */
  readonly nodeEnv: ivm.Script;
  /** Compiled module scripts by artifact; one pushed out is released. */
  private readonly scripts: LRUCache<string, ivm.Script>;

  constructor(
    private readonly isolate: ivm.Isolate,
    scriptsPerIsolate: number,
  ) {
    this.bootstrap = this.isolate.compileScriptSync(BOOTSTRAP_SOURCE, { filename: 'bootstrap.js' });
    this.hardening = this.isolate.compileScriptSync(HARDENING_SOURCE, { filename: 'hardening.js' });
    this.nodeEnv = compileNodeEnv(this.isolate);
    this.scripts = new LRUCache({
      max: Math.max(1, scriptsPerIsolate), // 0 for load checks, which compile their own
      dispose: (script, _sha256, reason) => {
        if (reason === 'evict') script.release(); // after dispose() the isolate took its scripts with it
      },
    });
  }

  private get disposed(): boolean {
    return this.isolate.isDisposed;
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

  /** Drops the compiled scripts (with the isolate, which is disposed right after: none is released). */
  dropScripts(): void {
    this.scripts.clear();
  }
}
