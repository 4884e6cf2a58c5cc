/**
 * Host side of one action's `api`. The sandbox calls `call(path, args)` synchronously for every api method; this
 * validates the arguments against the trigger's method list, records commands in call order, applies effects on
 * the flow (event changes later actions see), answers queries, and serves api.cache from the action's
 * CacheSession. Replies are plain JSON; `{ error }` becomes a TypeError thrown inside the sandbox.
 */
import type { CacheSession } from '../cache/cache-session';
import type { ExecutionBudget } from '../executions/execution-budget';
import { checkArguments, DeferredMethod, deferredForm, FlowContext, MethodSpec } from './api-spec';
import { apiMethodsOf, apiPathsOf } from './api-surface';

/** How the sandbox builds each method: a path the host answers, or a method it answers itself (deferredForm). */
export type SandboxMethod = string | DeferredMethod;

const sandboxForms = new Map<string, SandboxMethod[]>();

/** The trigger's api for the sandbox, built once per trigger. */
export function sandboxMethodsOf(triggerId: string): SandboxMethod[] {
  let forms = sandboxForms.get(triggerId);
  if (!forms) {
    const methods = apiMethodsOf(triggerId);
    sandboxForms.set(
      triggerId,
      (forms = apiPathsOf(triggerId).map((path) => {
        const spec = methods.get(path);
        return (spec && deferredForm(spec)) ?? path;
      })),
    );
  }
  return forms;
}

export interface RecordedCommand {
  action_name: string;
  name: string;
  args: unknown[];
}

export type StopReason =
  | { kind: 'deny' | 'validation'; command: string }
  | { kind: 'redirect'; url: string; query?: Record<string, unknown> }
  | { kind: 'prompt'; promptId: string; options?: Record<string, unknown> };

/** Arguments up to this size let the first deny / validation error through even when the execution's budget is spent. */
const CANCEL_ARGS_MAX_BYTES = 1024;

export type HostReply = { value: unknown } | { chain: true } | { error: string };

export class ActionApiHost {
  readonly commands: RecordedCommand[] = [];
  stop?: StopReason;
  /** The first command refused by the execution's budget, and how many were (the record notes them). */
  refused?: { first: string; count: number };
  private readonly methods: ReadonlyMap<string, MethodSpec>;

  constructor(
    readonly triggerId: string,
    private readonly actionName: string,
    private readonly flow: FlowContext,
    private readonly cache: CacheSession,
    private readonly budget?: ExecutionBudget,
  ) {
    this.methods = apiMethodsOf(triggerId);
  }

  /**
   * A call as it crosses from the sandbox: the arguments as JSON text. A command whose text alone is over what the
   * execution has left is refused before the text is even parsed.
   */
  callJson(path: string, json: string): HostReply {
    const bytes = Buffer.byteLength(json, 'utf8');
    const spec = this.methods.get(path);
    if (this.budget && spec && spec.kind !== 'query' && bytes > this.budget.bounds.commandsMaxBytes)
      return this.refuse(this.budget.takeCommand(path, bytes)!);
    return this.call(path, JSON.parse(json) as unknown[], bytes);
  }

  /** Method paths the sandbox builds `api` from. */
  methodPaths(): string[] {
    return apiPathsOf(this.triggerId);
  }

  /** The methods as the sandbox builds them (answered by the host, or checked and recorded in the sandbox). */
  sandboxMethods(): SandboxMethod[] {
    return sandboxMethodsOf(this.triggerId);
  }

  /** Bytes of command arguments the execution may still record (the sandbox defers calls only within them). */
  commandBytesLeft(): number {
    return this.budget ? this.budget.commandBytesLeft() : Number.MAX_SAFE_INTEGER;
  }

  /** Loads the action's api.cache entries if not yet done; the sandbox waits for it before the first cache call. */
  prepareCache(): Promise<void> {
    return this.cache.ensureLoaded();
  }

  /**
   * Calls the sandbox recorded without waiting for the host, in call order (flat: path, arguments JSON, ...). They
   * passed the same argument checks in the sandbox, fit the budget it was given, and cannot fail here, so they are
   * applied as if called then (through callJson: the same checks and budget again).
   */
  applyDeferred(flat: readonly unknown[] | undefined): void {
    if (!flat) return;
    for (let i = 0; i + 1 < flat.length; i += 2) this.callJson(String(flat[i]), String(flat[i + 1]));
  }

  call(path: string, args: unknown[], argBytes?: number): HostReply {
    switch (path) {
      case 'cache.get':
        return { value: this.cache.get(args[0]) ?? null };
      case 'cache.set':
        return { value: this.cache.set(args[0], args[1], args[2]) };
      case 'cache.delete':
        return { value: this.cache.delete(args[0]) };
    }
    const spec = this.methods.get(path);
    if (!spec) return { error: `api.${path} is not available in the ${this.triggerId} trigger` };
    const problem = checkArguments(spec, args);
    if (problem) return { error: problem };
    if (spec.kind !== 'query' && this.budget) {
      const bytes = argBytes ?? Buffer.byteLength(JSON.stringify(args), 'utf8');
      // The first deny or validation error of a flow is never refused for a budget others spent: it must always cancel.
      const cancelling =
        (spec.kind === 'deny' || spec.kind === 'validation') && !this.cancels() && bytes <= CANCEL_ARGS_MAX_BYTES;
      const over = cancelling ? undefined : this.budget.takeCommand(path, bytes);
      if (over) return this.refuse(over);
    }
    if (spec.kind === 'redirect') return this.redirect(path, args);
    if (spec.kind === 'prompt') return this.prompt(path, args);
    const effect = spec.effect?.(args, this.flow);
    if (effect && 'error' in effect) return effect;
    if (spec.kind === 'query') return { value: effect && 'value' in effect ? effect.value : null };
    this.record(path, args);
    if ((spec.kind === 'deny' || spec.kind === 'validation') && !this.cancels())
      this.stop = { kind: spec.kind, command: path };
    return { chain: true };
  }

  private redirect(path: string, args: unknown[]): HostReply {
    const options = (args[1] ?? {}) as { query?: unknown };
    const query = options.query;
    if (query !== undefined && query !== null && (typeof query !== 'object' || Array.isArray(query))) {
      return { error: `api.${path}: options.query must be an object of query parameters` };
    }
    this.record(path, args);
    if (!this.cancels())
      this.stop = {
        kind: 'redirect',
        url: args[0] as string,
        ...(query ? { query: query as Record<string, unknown> } : {}),
      };
    return { chain: true };
  }

  private refuse(message: string): HostReply {
    this.refused = { first: this.refused?.first ?? message, count: (this.refused?.count ?? 0) + 1 };
    return { error: message };
  }

  /** api.prompt.render: like a redirect, the flow suspends after this action (Auth0 renders the form, then calls onContinuePostLogin). */
  private prompt(path: string, args: unknown[]): HostReply {
    this.record(path, args);
    const options = args[1] as Record<string, unknown> | undefined | null;
    if (!this.cancels()) this.stop = { kind: 'prompt', promptId: args[0] as string, ...(options ? { options } : {}) };
    return { chain: true };
  }

  /** A deny or validation error outranks a redirect or prompt asked for in the same action. */
  private cancels(): boolean {
    return this.stop?.kind === 'deny' || this.stop?.kind === 'validation';
  }

  private record(name: string, args: unknown[]): void {
    this.commands.push({ action_name: this.actionName, name, args });
  }
}
