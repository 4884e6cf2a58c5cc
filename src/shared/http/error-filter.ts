/**
 * Every error leaves the service in Auth0's body: {statusCode, error, message, errorCode?} (docs/api.md, "Errors").
 * Domain errors map by kind; Nest and Fastify errors (bad JSON, wrong media type, body too large) keep their 4xx
 * status; a request no route matched is a 404 or 405 (unknown-route.ts); anything else is a 500 with a generic
 * message, and is logged (never its request body).
 */
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Inject, NotFoundException } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../domain-errors';
import { LOGGER, PinoLogger } from '../logging';
import { isUnmatchedRoute, unmatchedRouteBody } from './unknown-route';

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  errorCode?: string;
}

const STATUS_BY_KIND: Record<DomainError['kind'], number> = {
  not_found: 404,
  conflict: 409,
  invalid: 400,
  precondition: 412,
  limit: 409,
};

export function errorBody(statusCode: number, message: string, errorCode?: string): ErrorBody {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message, ...(errorCode ? { errorCode } : {}) };
}

/** An HttpException whose response is already an Auth0 error body. */
export class ApiError extends HttpException {
  constructor(statusCode: number, message: string, errorCode?: string) {
    super(errorBody(statusCode, message, errorCode), statusCode);
  }
}

@Catch()
export class AuthZeroErrorFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: PinoLogger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const body =
      isUnmatchedRoute(request) && exception instanceof NotFoundException
        ? unmatchedRouteBody(request, reply)
        : errorBodyOf(exception, request);
    if (body.statusCode >= 500) {
      this.logger.error({ err: exception, method: request?.method, url: request?.url }, 'request failed');
    }
    if (body.statusCode === 412) reply.header('content-type', 'application/json');
    void reply.status(body.statusCode).send(body);
  }
}

/**
 * An error raised inside Fastify (its body parsers: bad JSON, empty JSON, too large) as Nest hands it to the filter:
 * Nest's router turns a FastifyError with a status into an HttpException of that message and status before any
 * filter sees it. The execution fast lane, which calls the parser itself, maps its errors the same way.
 */
export function asNestHandsIt(error: unknown): unknown {
  const e = error as { statusCode?: number; name?: string; message: string };
  if (error instanceof Error && e.name === 'FastifyError' && e.statusCode !== undefined)
    return new HttpException(e.message, e.statusCode);
  return error;
}

/**
 * The Auth0 body of an error thrown while serving `request` (the filter's mapping; the execution route's fast lane,
 * runtime/http/execution-fast-lane.ts, answers with it too).
 */
export function errorBodyOf(exception: unknown, request: { method?: string; url?: string } | undefined): ErrorBody {
  if (exception instanceof DomainError) {
    const status = STATUS_BY_KIND[exception.kind];
    const code = exception.errorCode ?? (exception.kind === 'precondition' ? 'precondition_failed' : undefined);
    return errorBody(status, exception.message, status === 404 ? undefined : code);
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    if (
      typeof response === 'object' &&
      response !== null &&
      'statusCode' in response &&
      'error' in response &&
      'message' in response
    ) {
      const r = response as ErrorBody & { message: unknown };
      if (typeof r.message === 'string') return r;
    }
    if (status === 404)
      return errorBody(
        404,
        `Route ${request?.method ?? ''} ${request?.url?.split('?')[0] ?? ''} does not exist.`.replace('  ', ' '),
      );
    return errorBody(status, exception.message, status === 400 ? 'invalid_body' : undefined);
  }
  const fastifyError = exception as { statusCode?: number; code?: string; message?: string };
  if (typeof fastifyError?.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    const status = fastifyError.statusCode;
    return errorBody(
      status,
      `Invalid request: ${fastifyError.message ?? 'bad request'}`,
      status === 400 ? 'invalid_body' : undefined,
    );
  }
  return errorBody(500, 'An internal error occurred; it has been logged.');
}
