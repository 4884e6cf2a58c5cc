/**
 * The execution route's fast lane (docs/performance.md, "Third round"): a plain POST of a JSON body to
 * /runtime/v1/triggers/{id}/executions with a bearer token that verifies is answered on the HTTP server itself,
 * before Fastify: no hooks, no per-request AsyncResource of its body parser, no reply object. Everything else
 * goes to Fastify, which answers as always (execution-route.ts is the same route there):
 * - before the body is read: another method or path, a query string, a trigger id not in the catalogue, a
 *   content type other than `application/json` (with or without `charset=utf-8`), no or an oversized
 *   Content-Length, a chunked body, and a token that is missing, invalid or without the scope (Fastify then reads the untouched body and answers
 *   the same 401 / 403, with its WWW-Authenticate);
 * - once the body is read, the lane answers what Fastify would, with the same functions: the body parsed by
 *   `jsonBodyParser` (shared/http/json-body.ts), checked by the same validation pipe, executed by the same executor,
 *   and any error mapped to Auth0's body by the same `errorBodyOf` as the global error filter (after the mapping Nest
 *   applies to Fastify's own errors, asNestHandsIt); /metrics counts the
 *   request under the route's pattern as Fastify's hook does.
 * test/e2e/hot-route.e2e.spec.ts holds the lane to Fastify's answers request for request (a query string sends the
 * same request through Fastify).
 */
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import { errorCodes } from 'fastify';
import { authenticate } from '../../auth/auth.guard';
import type { TokenVerifier } from '../../auth/token-verifier';
import { asNestHandsIt, errorBodyOf } from '../../shared/http/error-filter';
import { BODY_LIMIT_BYTES, JsonBodyParser } from '../../shared/http/json-body';
import type { PinoLogger } from '../../shared/logging';
import { isTriggerId } from '../../triggers/trigger-catalogue';
import type { TriggerExecutor } from '../executions/trigger-executor';
import { executeParsedBody, EXECUTION_ROUTE, EXECUTION_SCOPES } from './execution-route';

export interface FastLaneDeps {
  verifier: TokenVerifier;
  executor: TriggerExecutor;
  parseJson: JsonBodyParser;
  observe: (method: string, route: string, status: number, seconds: number) => void;
  /** Counts a request the lane answered (http_execution_fast_lane_requests_total). */
  served: () => void;
  logger: PinoLogger;
}

const PREFIX = '/runtime/v1/triggers/';
const SUFFIX = '/executions';
const JSON_TYPES = new Set(['application/json', 'application/json; charset=utf-8', 'application/json;charset=utf-8']);
const NO_HEADER = { header: () => undefined };

/** Puts the lane in front of the server's one request listener (Fastify's). */
export function installExecutionFastLane(server: Server, deps: FastLaneDeps): void {
  const listeners = server.listeners('request') as RequestListener[];
  if (listeners.length !== 1) return; // not the server shape this was written for: Fastify serves everything
  const fastify = listeners[0];
  server.removeAllListeners('request');
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const triggerId = laneTrigger(request);
    if (triggerId === undefined) return fastify(request, response);
    serve(request, response, triggerId, deps, fastify).catch((error: Error) => {
      deps.logger.error({ err: error }, 'execution fast lane failed');
      if (!response.headersSent) answer(response, 500, JSON.stringify(errorBodyOf(error, request)));
      else response.destroy();
    });
  });
}

/** The trigger id of a request the lane serves; undefined for any other. */
function laneTrigger(request: IncomingMessage): string | undefined {
  if (request.method !== 'POST') return undefined;
  const url = request.url ?? '';
  if (!url.startsWith(PREFIX) || !url.endsWith(SUFFIX)) return undefined;
  const triggerId = url.slice(PREFIX.length, url.length - SUFFIX.length);
  if (!isTriggerId(triggerId)) return undefined; // an unknown trigger: Fastify answers the 404
  const headers = request.headers;
  const type = headers['content-type'];
  if (type === undefined || !JSON_TYPES.has(type.toLowerCase())) return undefined;
  const length = Number(headers['content-length']);
  if (!Number.isInteger(length) || length <= 0 || length > BODY_LIMIT_BYTES) return undefined;
  if (headers['transfer-encoding'] !== undefined || typeof headers.authorization !== 'string') return undefined;
  return triggerId;
}

async function serve(
  request: IncomingMessage,
  response: ServerResponse,
  triggerId: string,
  deps: FastLaneDeps,
  fastify: RequestListener,
): Promise<void> {
  const started = performance.now();
  const principal = await authenticate(deps.verifier, request.headers.authorization, EXECUTION_SCOPES, NO_HEADER).catch(
    () => undefined,
  );
  if (!principal) return void fastify(request, response); // Fastify answers the 401 / 403, body unread
  const text = await readBody(request);
  if (text === undefined) return; // the client went away
  let status = 200;
  let json: string;
  try {
    // Fastify counts the UTF-8 bytes of the decoded text, so a body with invalid UTF-8 does not match its length
    if (Buffer.byteLength(text) !== Number(request.headers['content-length']))
      throw new errorCodes.FST_ERR_CTP_INVALID_CONTENT_LENGTH();
    json = await executeParsedBody(deps.executor, principal.tenantId, triggerId, deps.parseJson(text));
  } catch (error) {
    const body = errorBodyOf(asNestHandsIt(error), request);
    if (body.statusCode >= 500) deps.logger.error({ err: error, method: 'POST', url: request.url }, 'request failed');
    status = body.statusCode;
    json = JSON.stringify(body);
  }
  answer(response, status, json);
  deps.served();
  deps.observe('POST', EXECUTION_ROUTE, status, (performance.now() - started) / 1000);
}

/** The body as text (UTF-8, as Fastify reads it); undefined if the request was aborted. */
function readBody(request: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', () => resolve(undefined));
    request.on('close', () => resolve(undefined)); // after 'end' this changes nothing; before it, the client left
  });
}

function answer(response: ServerResponse, status: number, json: string): void {
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(json),
  });
  response.end(json);
}
