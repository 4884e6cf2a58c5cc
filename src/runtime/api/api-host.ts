/**
 * Host side of one action's `api`. The sandbox calls `call(path, args)` synchronously for every api method; this
 * validates the arguments against the trigger's method list, records commands in call order, applies effects on
 * the flow (event changes later actions see), answers queries, and serves api.cache from the action's
 * CacheSession. Replies are plain JSON; `{ error }` becomes a TypeError thrown inside the sandbox.
 */
import type { CacheSession } from '../cache/cache-session';
import { checkArguments, FlowContext, MethodSpec } from './api-spec';
import { apiMethodsOf, apiPathsOf } from './api-surface';

export interface RecordedCommand {
  action_name: string;
  name: string;
  args: unknown[];
}

export type StopReason =
  | { kind: 'deny' | 'validation'; command: string }
  | { kind: 'redirect'; url: string; query?: Record<string, unknown> }
  | { kind: 'prompt'; promptId: string; options?: Record<string, unknown> };

export type HostReply = { value: unknown } | { chain: true } | { error: string };

export class ActionApiHost {
  readonly commands: RecordedCommand[] = [];
  stop?: StopReason;
  private readonly methods: ReadonlyMap<string, MethodSpec>;

  constructor(
    readonly triggerId: string,
    private readonly actionName: string,
    private readonly flow: FlowContext,
    private readonly cache: CacheSession,
  ) {
    this.methods = apiMethodsOf(triggerId);
  }

  /** Method paths the sandbox builds `api` from. */
  methodPaths(): string[] {
    return apiPathsOf(this.triggerId);
  }

  call(path: string, args: unknown[]): HostReply {
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
    if (spec.kind === 'redirect') return this.redirect(path, args);
    if (spec.kind === 'prompt') return this.prompt(path, args);
    const effect = spec.effect?.(args, this.flow);
    if (effect && 'error' in effect) return effect;
    if (spec.kind === 'query') return { value: effect && 'value' in effect ? effect.value : null };
    this.record(path, args);
    if ((spec.kind === 'deny' || spec.kind === 'validation') && !this.cancels()) this.stop = { kind: spec.kind, command: path };
    return { chain: true };
  }

  private redirect(path: string, args: unknown[]): HostReply {
    const options = (args[1] ?? {}) as { query?: unknown };
    const query = options.query;
    if (query !== undefined && query !== null && (typeof query !== 'object' || Array.isArray(query))) {
      return { error: `api.${path}: options.query must be an object of query parameters` };
    }
    this.record(path, args);
    if (!this.cancels()) this.stop = { kind: 'redirect', url: args[0] as string, ...(query ? { query: query as Record<string, unknown> } : {}) };
    return { chain: true };
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
