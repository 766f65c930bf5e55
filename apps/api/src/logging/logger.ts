import { LoggerService } from '@nestjs/common';
import pino, { Logger } from 'pino';

/** Paths whose values never reach the logs (tokens, cookies, keys). */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.apiKey',
  '*.password',
  '*.access_token',
  '*.refresh_token',
  '*.id_token',
];

/**
 * JSON lines on stdout, written asynchronously: a line is handed to a write in the background, and lines logged while
 * one write is under way go out together in the next. A synchronous write would stop every request on this replica
 * for as long as the log pipe (the container runtime's) takes to accept it. Lines still pending when the process
 * exits — also on a fatal error — are flushed synchronously; only a kill -9 or a crash of Node itself can lose them.
 */
export function createLogger(level: string): Logger {
  return pino(
    {
      level,
      base: { service: 'gennai-api' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
    },
    pino.destination({ dest: 1, sync: false }),
  );
}

/** Lets Nest's own messages (bootstrap, routes) go through the same structured logger. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

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

export const LOGGER = Symbol('LOGGER');
