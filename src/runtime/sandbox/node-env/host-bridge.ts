/**
 * The host side of the isolate's Node environment: the two callbacks a context's environment is created with,
 * and the per-execution session they route to. Synchronous operations (crypto, the clock) answer at once;
 * asynchronous ones (timers, outbound HTTP, slow key derivation) answer later through the environment's `settle`
 * function. Everything that crosses is copied (bytes, strings, plain JSON): no host object reaches the isolate.
 * When the execution ends, the session cancels what is still pending and nothing settles into a later run.
 */
import * as nodeUrl from 'node:url';
import * as zlib from 'node:zlib';
import ivm from 'isolated-vm';
import type { EgressSession } from '../../egress/egress-client';
import { cryptoAsync, cryptoSync } from './host-crypto/dispatch';
import { nodeEnvSource } from './bundle';
import { URL_FIELDS, ZLIB_ONE_SHOT } from './isolate/bridge-names';

type Reply = { value: unknown } | { error: { name: string; message: string; code?: string } };

/** Timers and requests one execution may have pending at once. */
const MAX_PENDING = 1000;

function errorReply(e: unknown): { error: { name: string; message: string; code?: string } } {
  const err = e as Partial<NodeJS.ErrnoException>;
  return {
    error: {
      name: String(err?.name ?? 'Error'),
      message: String(err?.message ?? e),
      ...(err?.code ? { code: String(err.code) } : {}),
    },
  };
}

type UrlField = (typeof URL_FIELDS)[number];

function urlState(u: URL): Record<UrlField, string> {
  const out = {} as Record<UrlField, string>;
  for (const f of URL_FIELDS) out[f] = u[f];
  return out;
}

/** No one-shot zlib result is larger than this (a decompression bomb stops here). */
const ZLIB_MAX_OUTPUT = 32 * 1024 * 1024;

function zlibSync(name: string, data: Uint8Array, options: zlib.ZlibOptions): Uint8Array {
  if (!(ZLIB_ONE_SHOT as readonly string[]).includes(name)) throw new Error(`unknown zlib function ${name}`);
  const safe: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(options ?? {})) if (typeof v === 'number' || typeof v === 'boolean') safe[k] = v;
  safe.maxOutputLength = Math.min(Number(safe.maxOutputLength) || ZLIB_MAX_OUTPUT, ZLIB_MAX_OUTPUT);
  const fn = zlib[`${name}Sync` as `${(typeof ZLIB_ONE_SHOT)[number]}Sync`] as (b: Buffer, o: object) => Buffer;
  const out = fn(Buffer.from(data.buffer, data.byteOffset, data.byteLength), safe);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/** Operations that need no execution: URL parsing, zlib one-shots and crypto. */
function statelessSync(op: string, args: unknown[]): unknown {
  switch (op) {
    case 'url.parse': {
      const input = String(args[0]);
      if (input.length > 65536) return null;
      try {
        return urlState(args.length > 1 ? new URL(input, String(args[1])) : new URL(input));
      } catch {
        return null;
      }
    }
    case 'url.set': {
      const u = new URL(String(args[0]));
      const field = String(args[1]) as Exclude<UrlField, 'origin' | 'href'>;
      if (!URL_FIELDS.includes(field) || field === ('origin' as never) || field === ('href' as never)) return null;
      u[field] = String(args[2]);
      return urlState(u);
    }
    case 'zlib':
      return zlibSync(String(args[0]), args[1] as Uint8Array, args[2] as zlib.ZlibOptions);
    case 'url.domainToASCII':
      return nodeUrl.domainToASCII(String(args[0]));
    case 'url.domainToUnicode':
      return nodeUrl.domainToUnicode(String(args[0]));
    default:
      return cryptoSync(op, args);
  }
}

export class NodeHostSession {
  private nextId = 1;
  private closed = false;
  private readonly pending = new Map<number, () => void>();
  private readonly origin = performance.now();
  /** The run is on the host's own thread (sync-runs.ts): an operation that would settle later gives it up instead. */
  syncOnly = false;
  /** An operation was refused because of `syncOnly`: the run goes again on the isolate's thread. */
  bailed = false;

  constructor(
    private readonly deadline: number,
    private readonly settle: (id: number, error: unknown, value: unknown) => void,
    private readonly egress?: EgressSession,
  ) {}

  sync(op: string, args: unknown[]): Reply {
    try {
      if (op === 'now') return { value: performance.now() - this.origin };
      if (op === 'cancel') {
        const id = Number(args[0]);
        this.pending.get(id)?.();
        this.pending.delete(id);
        return { value: null };
      }
      return { value: statelessSync(op, args) };
    } catch (e) {
      return errorReply(e);
    }
  }

  async(op: string, args: unknown[]): { id: number } | { error: { name: string; message: string } } {
    if (this.closed) return errorReply(new Error('the execution is over'));
    if (this.syncOnly) {
      this.bailed = true;
      return errorReply(new Error(`${op} settles later: this run goes on its own thread`));
    }
    if (this.pending.size >= MAX_PENDING)
      return errorReply(new Error(`more than ${MAX_PENDING} timers and requests pending in one execution`));
    const id = this.nextId++;
    if (op === 'timer') {
      const ms = Math.max(0, Number(args[0]) || 0);
      // A timer that would fire after the deadline never fires: the execution ends before it.
      if (Date.now() + ms < this.deadline) {
        const timer = setTimeout(() => this.finish(id, undefined, null), ms);
        this.pending.set(id, () => clearTimeout(timer));
      } else this.pending.set(id, () => undefined);
      return { id };
    }
    let work: Promise<unknown>;
    if (op === 'http.request') {
      if (!this.egress)
        return errorReply(new Error('outbound requests are not available here (only while an action executes)'));
      const controllerless = this.egress.request(args[0] as never);
      work = controllerless;
    } else if (op.startsWith('crypto.')) {
      work = cryptoAsync(op, args);
    } else {
      return errorReply(new Error(`unknown operation ${op}`));
    }
    this.pending.set(id, () => undefined);
    work.then(
      (v) => this.finish(id, undefined, v),
      (e) => this.finish(id, errorReply(e).error, undefined),
    );
    return { id };
  }

  private finish(id: number, error: unknown, value: unknown): void {
    if (this.closed || !this.pending.delete(id)) return;
    this.settle(id, error ?? null, value ?? null);
  }

  /** The execution is over: timers cleared, requests aborted, nothing settles any more. */
  close(): void {
    this.closed = true;
    for (const cancel of this.pending.values()) cancel();
    this.pending.clear();
    this.egress?.close();
  }
}

/** V8's code cache of the environment script, made by the first isolate that compiles it (saves most of a compile). */
let codeCache: ivm.ExternalCopy<ArrayBuffer> | undefined;

type CachedScript = ivm.Script & { cachedData?: ivm.ExternalCopy<ArrayBuffer>; cachedDataRejected?: boolean };

/** The compiled environment script of one isolate (compiled once, run in each of its contexts). */
export function compileNodeEnv(isolate: ivm.Isolate): ivm.Script {
  if (codeCache) {
    const script = isolate.compileScriptSync(nodeEnvSource(), {
      filename: 'node-env.js',
      cachedData: codeCache,
    }) as CachedScript;
    if (!script.cachedDataRejected) return script;
  }
  const script = isolate.compileScriptSync(nodeEnvSource(), {
    filename: 'node-env.js',
    produceCachedData: true,
  }) as CachedScript;
  if (script.cachedData) codeCache = script.cachedData;
  return script;
}

export interface InstalledNodeEnv {
  /** The in-isolate environment object, to hand to the bootstrap (derefInto). */
  env: ivm.Reference;
  settle: ivm.Reference;
}

/**
 * Runs the environment script in a new context and creates the environment with callbacks that route to whatever
 * session `current()` returns (the execution holding the context), or answer that nothing is executing.
 */
export async function installNodeEnv(
  script: ivm.Script,
  context: ivm.Context,
  current: () => NodeHostSession | undefined,
  timeoutMs: number,
): Promise<InstalledNodeEnv> {
  const factory = (await script.run(context, { reference: true, timeout: timeoutMs })) as ivm.Reference;
  const nodeSync = new ivm.Callback((op: unknown, args: unknown) => {
    const session = current();
    if (session) return session.sync(String(op), args as unknown[]);
    if (op === 'now') return { value: 0 };
    if (op === 'cancel') return { value: null };
    try {
      return { value: statelessSync(String(op), args as unknown[]) };
    } catch (e) {
      return errorReply(e);
    }
  });
  const nodeAsync = new ivm.Callback((op: unknown, args: unknown) => {
    const session = current();
    if (session) return session.async(String(op), args as unknown[]);
    // Not executing (loading the module): the operation never completes.
    return { id: 0 };
  });
  try {
    const env = (await factory.apply(undefined, [nodeSync, nodeAsync], {
      result: { reference: true },
      timeout: timeoutMs,
    })) as ivm.Reference;
    const settle = (await env.get('settle', { reference: true })) as ivm.Reference;
    return { env, settle };
  } finally {
    factory.release();
  }
}

/** A settle function for a session: copies the outcome into the context, ignoring a context already gone. */
export function settlerFor(settle: ivm.Reference): (id: number, error: unknown, value: unknown) => void {
  return (id, error, value) => {
    settle.apply(undefined, [id, error, value], { arguments: { copy: true } }).catch(() => undefined);
  };
}
