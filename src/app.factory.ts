/**
 * Starts Nest on Fastify with the application module (app.module.ts): socket limits, JSON body parsing that accepts
 * an empty body (SDKs POST deploy/rollback with none), request metrics, and the OpenAPI page at /api/docs.
 * main.ts and the end-to-end tests both start the service through createApp.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppConfig, HttpLimits } from './config/config';
import { AppModule, AppOptions } from './app.module';
import { errorBody } from './shared/http/error-filter';
import { BODY_LIMIT_BYTES, JsonBodyParser, jsonBodyParser } from './shared/http/json-body';
import { installExecutionFastLane } from './runtime/http/execution-fast-lane';
import { documentExecutionRoute, installExecutionRoute } from './runtime/http/execution-route';
import { TriggerExecutor } from './runtime/executions/trigger-executor';
import { TOKEN_VERIFIER } from './auth/token-verifier';
import { LOGGER, NestPinoLogger, PinoLogger } from './shared/logging';
import { Metrics } from './operations/metrics';
import { installConsole } from './console/console.routes';

export { BODY_LIMIT_BYTES } from './shared/http/json-body';

export type { AppOptions } from './app.module';

/** `application/json` bodies through the service's parser (shared/http/json-body.ts); text/plain is refused. */
function installJsonParser(fastify: FastifyInstance, parse: JsonBodyParser): void {
  fastify.removeContentTypeParser(['application/json', 'text/plain']);
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit: BODY_LIMIT_BYTES },
    (_request, body, done) => {
      try {
        done(null, parse(body as string));
      } catch (error) {
        done(error as Error, undefined);
      }
    },
  );
}

/** Counts a request in /metrics: its method, route pattern, status and duration (seconds). */
export type ObserveRequest = (method: string, route: string, status: number, seconds: number) => void;

function requestMetrics(metrics: Metrics): ObserveRequest {
  // The labelled children are kept (routes × methods × statuses is small), so a request does not hash its labels.
  type Child = { count: { inc(): void }; duration: { observe(v: number): void } };
  const children = new Map<string, Child>();
  return (method, route, statusCode, seconds) => {
    const status = String(statusCode);
    const key = `${method} ${status} ${route}`;
    let child = children.get(key);
    if (!child) {
      child = {
        count: metrics.httpRequests.labels(method, route, status),
        duration: metrics.httpDuration.labels(method, route),
      };
      if (children.size < 10_000) children.set(key, child);
    }
    child.count.inc();
    child.duration.observe(seconds);
  };
}

function installRequestMetrics(fastify: FastifyInstance, observe: ObserveRequest): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    observe(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
}

function installDocs(app: NestFastifyApplication, config: AppConfig): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Open Actions — Auth0 Actions Management API')
      .setDescription(
        'Wire-compatible with Auth0 Management API v2 (actions, versions, triggers, bindings, executions) plus the runtime API.',
      )
      .setVersion('1')
      .addBearerAuth()
      .addServer(`http://${config.host}:${config.port}`)
      .build(),
  );
  documentExecutionRoute(document);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/openapi.json' });
}

/**
 * Socket limits against slow and idle clients (docs/security.md, "HTTP and authentication"): headers and whole
 * request must arrive in time, idle keep-alive and silent sockets are closed, and connections past the cap are
 * dropped at once. Node checks the header and request deadlines every `connectionsCheckingInterval`.
 */
function serverLimits(http: HttpLimits) {
  return {
    connectionTimeout: http.idleTimeoutMs,
    keepAliveTimeout: http.keepAliveTimeoutMs,
    requestTimeout: http.requestTimeoutMs,
    http: {
      headersTimeout: http.headersTimeoutMs,
      requestTimeout: http.requestTimeoutMs,
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(http.headersTimeoutMs / 4))),
    },
  };
}

/** Errors Node raises before a request exists (timeouts, malformed HTTP): Auth0's body, then close. */
function clientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, message] =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'The request was not received in time.']
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'The request headers are too large.']
        : [400, 'The request is not valid HTTP.'];
  const body = JSON.stringify(errorBody(status, message, status === 408 ? 'request_timeout' : 'invalid_request'));
  socket.write(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
  socket.destroySoon(); // once written: a client that never closes its side does not keep the socket
}

export async function createApp(options: AppOptions): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    ...serverLimits(options.config.http),
    clientErrorHandler: clientError,
    // Errors raised by the router itself (a malformed %-escape, an over-long path parameter) in Auth0's body too.
    frameworkErrors: (error: { statusCode?: number; message: string }, _request: unknown, reply: FastifyReply) => {
      const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
      const detail = error.message.length > 200 ? `${error.message.slice(0, 200)}…` : error.message;
      void reply.status(status).send(errorBody(status, `Path validation error: ${detail}`, 'invalid_uri'));
    },
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,128}$/.test(given) ? given : randomUUID();
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(options), adapter, {
    logger: new NestPinoLogger(options.logger),
    bufferLogs: false,
    bodyParser: false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  fastify.server.maxConnections = options.config.http.maxConnections;
  const parseJson = jsonBodyParser(fastify);
  const metrics = app.get(Metrics);
  const observe = requestMetrics(metrics);
  installJsonParser(fastify, parseJson);
  installRequestMetrics(fastify, observe);
  const route = { verifier: app.get(TOKEN_VERIFIER), executor: app.get(TriggerExecutor) };
  installExecutionRoute(fastify, route);
  const logger = app.get<PinoLogger>(LOGGER);
  const served = () => metrics.fastLaneRequests.inc();
  installExecutionFastLane(fastify.server, { ...route, parseJson, observe, served, logger });
  installDocs(app, options.config);
  installConsole(fastify, options.config);
  return app;
}
