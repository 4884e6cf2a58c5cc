/**
 * Structured JSON logs (pino). One root logger for the process; Nest's own messages go through it as well.
 * Secret values never reach a log: request bodies are not logged, and the redaction list below is a second guard.
 */
import type { LoggerService } from '@nestjs/common';
import pino from 'pino';

export type PinoLogger = pino.Logger;
export const LOGGER = Symbol('LOGGER');

export function createLogger(level: string): PinoLogger {
  return pino({
    level,
    base: { service: 'open-actions' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ['*.secrets[*].value', '*.authorization', 'req.headers.authorization', '*.value'],
      censor: '[redacted]',
    },
  });
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
