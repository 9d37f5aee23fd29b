/**
 * The bot's one logger: JSON lines on stdout (pino), ISO timestamps, the service name, and the request id of the turn
 * or HTTP request that logged (see turnContext.ts). Callers log ids, counts, names of events and intents: never what
 * a user typed, nor a customer's name or phone. The redaction and the error serializer are the safety net for mistakes.
 */
import pino, { type DestinationStream, type Level, type Logger } from 'pino';
import { currentRequestId } from './turnContext';

export const SERVICE_NAME = 'campaign-status-bot';
export type LogLevel = Level | 'silent';

/** Fields that could carry message text, people's names or phone numbers, wherever a caller might put them. */
export const REDACTED_PATHS: readonly string[] = [
  'text', 'speak', 'value', 'name', 'phone', 'body', 'query', 'attachments', 'entities', 'activity', 'activities', 'from', 'recipient', 'headers',
  '*.text', '*.speak', '*.value', '*.name', '*.phone', '*.body', '*.query', '*.attachments', '*.entities', '*.activity', '*.from', '*.recipient', '*.headers',
];

const LEVELS: readonly string[] = [...Object.keys(pino.levels.values), 'silent'];

/** LOG_LEVEL when it names a level; `info` otherwise. */
export function levelFrom(value: string | undefined): LogLevel {
  const wanted = value?.trim().toLowerCase();
  return wanted && LEVELS.includes(wanted) ? (wanted as LogLevel) : 'info';
}

/** Runs of 7 or more digits (with the usual separators) read like phone numbers: masked in error texts. */
const PHONE_LIKE = /\+?\d[\d ().-]{5,}\d/g;
export function maskPhoneLike(text: string): string {
  return text.replace(PHONE_LIKE, (run) => (run.replace(/\D/g, '').length >= 7 ? '[digits]' : run));
}

export interface SafeError {
  type: string;
  message: string;
  code?: string;
  statusCode?: number;
  stack?: string;
}

/**
 * An error as logged: its type, message, code and stack only. HTTP errors of the connector carry the request and
 * response (the reply's text, with customers' names) as properties; pino's own serializer would log those.
 */
export function safeError(error: unknown): SafeError {
  // cut before masking: the mask's pattern backtracks on long runs of digits
  if (!(error instanceof Error)) return { type: typeof error, message: maskPhoneLike(String(error).slice(0, 500)) };
  const { code, statusCode } = error as { code?: unknown; statusCode?: unknown };
  return {
    type: String(error.name),
    message: maskPhoneLike(String(error.message).slice(0, 500)),
    ...(typeof code === 'string' ? { code } : {}),
    ...(typeof statusCode === 'number' ? { statusCode } : {}),
    ...(typeof error.stack === 'string' ? { stack: maskPhoneLike(error.stack.slice(0, 4000)) } : {}),
  };
}

export function createLogger(destination: DestinationStream, level: LogLevel): Logger {
  return pino(
    {
      level,
      base: { service: SERVICE_NAME, pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      serializers: { err: safeError },
      redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' },
      mixin: () => {
        const requestId = currentRequestId();
        return requestId ? { requestId } : {};
      },
    },
    destination,
  );
}

// Asynchronous writes: a turn no longer waits for its log lines to reach the file or pipe (a write(2) per line was
// about 4% of a turn's JavaScript thread). The lines are buffered a moment, and pino flushes what is left when the
// process exits (process.exit included: a failed start, the end of a stop); only a SIGKILL can lose the last ones.
const stdout = pino.destination({ dest: 1, sync: false });
let write: (line: string) => void = (line) => stdout.write(line);

/** The logger every module uses. */
export const logger: Logger = createLogger({ write: (line) => write(line) }, levelFrom(process.env.LOG_LEVEL));
if (process.env.LOG_LEVEL && levelFrom(process.env.LOG_LEVEL) !== process.env.LOG_LEVEL.trim().toLowerCase()) {
  logger.warn({ event: 'logger.unknownLevel', wanted: process.env.LOG_LEVEL.slice(0, 20), levels: LEVELS }, 'LOG_LEVEL names no level: logging at info.');
}

/** Sends the log lines to `sink` instead of stdout, at `level`, until the returned function is called (tests). */
export function redirectLogs(sink: (line: string) => void, level: LogLevel = 'trace'): () => void {
  const previous = { write, level: logger.level };
  write = sink;
  logger.level = level;
  return () => {
    write = previous.write;
    logger.level = previous.level;
  };
}
