/**
 * Host side of one action's `api`: validates arguments, records commands in call order, answers the few methods
 * that return a value (redirect tokens, canRedirect, rules.wasExecuted), and serves api.cache from the action's
 * CacheSession. Everything the sandbox receives back is plain JSON.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { CacheSession } from '../cache/cache-session';
import { API_SURFACE, CACHE_METHODS, MethodSpec } from './api-surface';

export interface RecordedCommand {
  action_name: string;
  name: string;
  args: unknown[];
}

export type StopReason = { kind: 'deny' | 'validation'; command: string } | { kind: 'redirect'; url: string; query?: Record<string, unknown> };

export type HostReply = { value: unknown } | { chain: true } | { error: string };

const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');

export class ActionApiHost {
  readonly commands: RecordedCommand[] = [];
  stop?: StopReason;
  private readonly methods: Map<string, MethodSpec>;

  constructor(
    private readonly triggerId: string,
    private readonly actionName: string,
    private readonly event: Record<string, any>,
    private readonly cache: CacheSession,
    private readonly now: () => number,
  ) {
    this.methods = new Map((API_SURFACE[triggerId] ?? []).map((s) => [s.path, s]));
  }

  /** Method paths the sandbox builds `api` from. */
  methodPaths(): string[] {
    return [...this.methods.keys(), ...CACHE_METHODS];
  }

  call(path: string, args: unknown[]): HostReply {
    if (path === 'cache.get') return { value: this.cache.get(args[0]) ?? null };
    if (path === 'cache.set') return { value: this.cache.set(args[0], args[1], args[2]) };
    if (path === 'cache.delete') return { value: this.cache.delete(args[0]) };
    const spec = this.methods.get(path);
    if (!spec) return { error: `api.${path} is not available in the ${this.triggerId} trigger` };
    if (args.length < spec.minArgs) return { error: `api.${path} expects at least ${spec.minArgs} argument(s), got ${args.length}` };
    switch (spec.kind) {
      case 'query':
        return this.query(path, args);
      case 'deny':
      case 'validation':
        this.record(path, args);
        this.stop ??= { kind: spec.kind, command: path };
        return { chain: true };
      case 'redirect': {
        const url = args[0];
        if (typeof url !== 'string' || !/^https?:\/\//i.test(url)) return { error: 'api.redirect.sendUserTo expects an absolute http(s) URL' };
        this.record(path, args);
        const options = (args[1] ?? {}) as { query?: Record<string, unknown> };
        this.stop = { kind: 'redirect', url, ...(options.query ? { query: options.query } : {}) };
        return { chain: true };
      }
      default:
        if (path === 'transaction.setMetadata') {
          const [key, value] = args;
          if (typeof key !== 'string' || key.length > 64) return { error: 'api.transaction.setMetadata: key must be a string of at most 64 characters' };
          if (!['string', 'number', 'boolean'].includes(typeof value)) return { error: 'api.transaction.setMetadata: value must be a string, number or boolean' };
          const tx = (this.event.transaction ??= {});
          tx.metadata = { ...(tx.metadata ?? {}), [key]: value };
        }
        this.record(path, args);
        return { chain: true };
    }
  }

  private record(name: string, args: unknown[]): void {
    this.commands.push({ action_name: this.actionName, name, args });
  }

  private query(path: string, args: unknown[]): HostReply {
    switch (path) {
      case 'rules.wasExecuted':
        return { value: false };
      case 'redirect.canRedirect': {
        const protocol = String(this.event.transaction?.protocol ?? '');
        const noPrompt = this.event.transaction?.prompt === 'none' || this.event.request?.query?.prompt === 'none';
        return { value: !noPrompt && !['oauth2-refresh-token', 'oauth2-password', 'oauth2-resource-owner', 'oauth2-client-credentials'].includes(protocol) };
      }
      case 'redirect.encodeToken':
        return this.encodeToken(args[0]);
      case 'redirect.validateToken':
        return this.validateToken(args[0]);
      default:
        return { error: `api.${path} is not available` };
    }
  }

  private encodeToken(options: unknown): HostReply {
    const o = options as { secret?: unknown; payload?: unknown; expiresInSeconds?: unknown };
    if (typeof o?.secret !== 'string' || o.secret.length === 0) return { error: 'api.redirect.encodeToken: options.secret must be a non-empty string' };
    if (o.payload !== undefined && (typeof o.payload !== 'object' || o.payload === null)) return { error: 'api.redirect.encodeToken: options.payload must be an object' };
    const ttl = o.expiresInSeconds === undefined ? 900 : Number(o.expiresInSeconds);
    if (!Number.isFinite(ttl) || ttl <= 0) return { error: 'api.redirect.encodeToken: expiresInSeconds must be a positive number' };
    const iat = Math.floor(this.now() / 1000);
    const claims = { ...(o.payload as object), iat, exp: iat + ttl, sub: this.event.user?.user_id, iss: this.event.request?.hostname };
    const head = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
    const body = b64url(JSON.stringify(claims));
    const sig = createHmac('sha256', o.secret).update(`${head}.${body}`).digest('base64url');
    return { value: `${head}.${body}.${sig}` };
  }

  private validateToken(options: unknown): HostReply {
    const o = options as { secret?: unknown; tokenParameterName?: unknown };
    if (typeof o?.secret !== 'string') return { error: 'api.redirect.validateToken: options.secret must be a string' };
    const param = typeof o.tokenParameterName === 'string' ? o.tokenParameterName : 'session_token';
    const token = this.event.request?.query?.[param] ?? this.event.request?.body?.[param];
    if (typeof token !== 'string') return { error: `api.redirect.validateToken: no "${param}" parameter in the request` };
    const [head, body, sig] = token.split('.');
    const expected = createHmac('sha256', o.secret).update(`${head}.${body}`).digest();
    const given = Buffer.from(sig ?? '', 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { error: 'api.redirect.validateToken: invalid token signature' };
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { exp?: number };
    if (typeof claims.exp === 'number' && claims.exp * 1000 < this.now()) return { error: 'api.redirect.validateToken: the token has expired' };
    return { value: claims };
  }
}
