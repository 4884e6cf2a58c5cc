/**
 * Outbound HTTP for actions, on the host. Every connection's address is checked by the policy inside the socket's
 * DNS lookup (so the address checked is the address connected to; IP literals are checked before any socket
 * exists), redirects are followed here hop by hop and each hop is checked again. Per execution: a bound on the
 * number of requests, the response bytes and the requests in flight; every request ends by the execution's
 * deadline; each one is logged as `METHOD host status ms` (never bodies or query strings).
 */
import * as dns from 'node:dns';
import * as http from 'node:http';
import * as https from 'node:https';
import type { LookupFunction } from 'node:net';
import * as net from 'node:net';
import * as zlib from 'node:zlib';
import type { EgressPolicy } from './egress-policy';

export interface EgressLimits {
  maxRequests: number;
  maxResponseBytes: number;
  maxConcurrent: number;
  maxRedirects: number;
}

export const DEFAULT_EGRESS_LIMITS: EgressLimits = {
  maxRequests: 50,
  maxResponseBytes: 10 * 1024 * 1024,
  maxConcurrent: 10,
  maxRedirects: 20,
};

export interface OutboundRequest {
  method: string;
  url: string;
  headers: [string, string][];
  body: Uint8Array | null;
  redirect: 'follow' | 'manual' | 'error';
  /** Undo gzip/deflate/br (fetch); with stripEncoding also drop content-encoding/length (http module). */
  decompress?: boolean;
  stripEncoding?: boolean;
}

export interface OutboundResponse {
  status: number;
  statusText: string;
  headers: [string, string][];
  body: Uint8Array;
  url: string;
  redirected: boolean;
}

export class EgressError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

/** One execution's outbound traffic. */
export class EgressSession {
  private requests = 0;
  private bytes = 0;
  private inFlight = 0;
  private readonly controllers = new Set<AbortController>();

  constructor(
    private readonly policy: EgressPolicy,
    private readonly limits: EgressLimits,
    private readonly deadline: number,
    private readonly log: (line: string) => void,
  ) {}

  async request(req: OutboundRequest): Promise<OutboundResponse> {
    if (this.inFlight >= this.limits.maxConcurrent)
      throw new EgressError(
        `more than ${this.limits.maxConcurrent} outbound requests in flight`,
        'ERR_EGRESS_CONCURRENCY',
      );
    this.inFlight++;
    const controller = new AbortController();
    this.controllers.add(controller);
    const deadline = AbortSignal.timeout(Math.max(1, this.deadline - Date.now()));
    const signal = AbortSignal.any([controller.signal, deadline]);
    try {
      let current = req;
      for (let hop = 0; ; hop++) {
        const res = await this.once(current, signal);
        const location = res.headers.find(([k]) => k === 'location')?.[1];
        if (req.redirect === 'manual' || !location || ![301, 302, 303, 307, 308].includes(res.status))
          return { ...res, redirected: hop > 0 };
        if (req.redirect === 'error')
          throw new EgressError(
            `redirect to ${safeUrl(location, current.url)} refused (redirect: "error")`,
            'ERR_EGRESS_REDIRECT',
          );
        if (hop >= this.limits.maxRedirects) throw new EgressError('too many redirects', 'ERR_EGRESS_REDIRECT');
        const next = new URL(location, current.url).href;
        const changeToGet =
          res.status === 303 || ((res.status === 301 || res.status === 302) && current.method === 'POST');
        const crossOrigin = new URL(next).origin !== new URL(current.url).origin;
        const headers = current.headers.filter(
          ([k]) =>
            !(changeToGet && /^content-/i.test(k)) &&
            !(crossOrigin && /^(authorization|cookie|proxy-authorization)$/i.test(k)),
        );
        current = {
          ...current,
          url: next,
          method: changeToGet ? 'GET' : current.method,
          body: changeToGet ? null : current.body,
          headers,
        };
      }
    } finally {
      this.controllers.delete(controller);
      this.inFlight--;
    }
  }

  /** Stops everything still in flight (the execution is over). */
  close(): void {
    for (const c of this.controllers) c.abort();
    this.controllers.clear();
  }

  private once(req: OutboundRequest, signal: AbortSignal): Promise<Omit<OutboundResponse, 'redirected'>> {
    const started = performance.now();
    let target: URL;
    try {
      target = new URL(req.url);
    } catch {
      return Promise.reject(new EgressError(`invalid URL`, 'ERR_INVALID_URL'));
    }
    const method = req.method.toUpperCase();
    const host = target.hostname.replace(/^\[|\]$/g, '');
    const logLine = (status: string) =>
      this.log(`[http] ${method} ${host || target.protocol} ${status} ${Math.round(performance.now() - started)} ms`);
    if (target.protocol !== 'http:' && target.protocol !== 'https:') {
      logLine('refused');
      return Promise.reject(
        new EgressError(`${target.protocol} URLs are not supported (only http and https)`, 'ERR_EGRESS_PROTOCOL'),
      );
    }
    if (this.requests >= this.limits.maxRequests) {
      logLine('refused');
      return Promise.reject(
        new EgressError(`more than ${this.limits.maxRequests} outbound requests in one execution`, 'ERR_EGRESS_LIMIT'),
      );
    }
    this.requests++;
    if (net.isIP(host)) {
      const problem = this.policy.check(host, host);
      if (problem) {
        logLine('refused');
        return Promise.reject(new EgressError(`outbound request refused: ${problem}`, 'ERR_EGRESS_REFUSED'));
      }
    }
    const lookup: LookupFunction = (hostname, options, callback) => {
      dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
        if (err) return callback(err, '', 0);
        const list = addresses as dns.LookupAddress[];
        const allowed = list.filter((a) => this.policy.check(hostname, a.address) === undefined);
        if (allowed.length === 0) {
          const problem = list.length ? this.policy.check(hostname, list[0].address) : 'no address';
          return callback(
            new EgressError(`outbound request refused: ${problem}`, 'ERR_EGRESS_REFUSED') as NodeJS.ErrnoException,
            '',
            0,
          );
        }
        if ((options as dns.LookupOptions).all)
          return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, allowed);
        callback(null, allowed[0].address, allowed[0].family);
      });
    };
    const headers: Record<string, string | string[]> = {};
    for (const [k, v] of req.headers) {
      const key = k.toLowerCase();
      if (key === 'host' || key === 'connection' || key === 'transfer-encoding' || key === 'content-length') continue;
      const prev = headers[key];
      headers[key] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    }
    if (req.decompress && !headers['accept-encoding']) headers['accept-encoding'] = 'gzip, deflate, br';
    if (req.body) headers['content-length'] = String(req.body.byteLength);
    const transport = target.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const outgoing = transport.request(target, { method, headers, lookup, signal, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const encoding = String(res.headers['content-encoding'] ?? '').toLowerCase();
        const decoder = req.decompress && method !== 'HEAD' ? decoderFor(encoding) : undefined;
        const source: NodeJS.ReadableStream = decoder ? res.pipe(decoder) : res;
        const fail = (e: Error) => {
          logLine('failed');
          res.destroy();
          reject(e);
        };
        source.on('data', (chunk: Buffer) => {
          size += chunk.length;
          this.bytes += chunk.length;
          if (this.bytes > this.limits.maxResponseBytes)
            fail(
              new EgressError(
                `outbound responses exceeded ${this.limits.maxResponseBytes} bytes in one execution`,
                'ERR_EGRESS_BYTES',
              ),
            );
          else chunks.push(chunk);
        });
        source.on('error', (e: Error) => fail(e));
        source.on('end', () => {
          logLine(String(res.statusCode));
          const pairs: [string, string][] = [];
          for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
            const k = res.rawHeaders[i].toLowerCase();
            if (decoder && req.stripEncoding && (k === 'content-encoding' || k === 'content-length')) continue;
            pairs.push([k, res.rawHeaders[i + 1]]);
          }
          void size;
          resolve({
            status: res.statusCode ?? 0,
            statusText: res.statusMessage ?? '',
            headers: pairs,
            body: new Uint8Array(Buffer.concat(chunks)),
            url: target.href,
          });
        });
      });
      outgoing.on('error', (e: Error) => {
        logLine(e instanceof EgressError ? 'refused' : signal.aborted ? 'aborted' : 'failed');
        if (e instanceof EgressError) return reject(e);
        if (signal.aborted)
          return reject(
            new EgressError('the request did not finish within the execution time limit', 'ERR_EGRESS_TIMEOUT'),
          );
        reject(
          new EgressError(
            `${(e as NodeJS.ErrnoException).code ?? 'request failed'}: ${e.message}`,
            (e as NodeJS.ErrnoException).code ?? 'ERR_EGRESS_FAILED',
          ),
        );
      });
      if (req.body) outgoing.end(Buffer.from(req.body.buffer, req.body.byteOffset, req.body.byteLength));
      else outgoing.end();
    });
  }
}

function decoderFor(encoding: string): NodeJS.ReadWriteStream | undefined {
  if (encoding === 'gzip' || encoding === 'x-gzip')
    return zlib.createGunzip({ finishFlush: zlib.constants.Z_SYNC_FLUSH });
  if (encoding === 'deflate') return zlib.createInflate({ finishFlush: zlib.constants.Z_SYNC_FLUSH });
  if (encoding === 'br') return zlib.createBrotliDecompress();
  return undefined;
}

function safeUrl(location: string, base: string): string {
  try {
    const u = new URL(location, base);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(invalid)';
  }
}
