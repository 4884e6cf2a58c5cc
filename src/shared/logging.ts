/**
 * Structured JSON logs (pino). One root logger for the process; Nest's own messages go through it as well.
 * Secret values never reach a log: request bodies are not logged, and the redaction list below is a second guard.
 *
 * Lines are written to stdout synchronously. pino's default stream writes asynchronously and, at process exit,
 * flushes what is left with a loop that retries every failed write: when stdout is a pipe whose reader is gone
 * (EPIPE) and a line was still in flight, `process.exit` never returned and SIGTERM did not stop the service.
 * A synchronous write meets EPIPE at once, and pino then drops further lines instead. The service logs a few lines
 * per lifecycle step, never per request, so the synchronous write costs nothing measurable.
 */
import type { LoggerService } from '@nestjs/common';
import pino from 'pino';

export type PinoLogger = pino.Logger;
export const LOGGER = Symbol('LOGGER');

export function createLogger(level: string): PinoLogger {
  return pino(
    {
      level,
      base: { service: 'open-actions' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: ['*.secrets[*].value', '*.authorization', 'req.headers.authorization', '*.value'],
        censor: '[redacted]',
      },
    },
    pino.destination({ dest: 1, sync: true }),
  );
}

/** Routes Nest's internal logging into the JSON logger. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: PinoLogger) {}
  log(message: unknown, context?: string) {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    this.logger.trace({ context }, String(message));
  }
}
