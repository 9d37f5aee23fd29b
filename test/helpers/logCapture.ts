import { redirectLogs, type LogLevel } from '../../src/logging/logger';

/** One parsed log line. */
export interface LogRecord {
  level: string;
  time: string;
  service: string;
  msg?: string;
  event?: string;
  requestId?: string;
  [field: string]: unknown;
}

export interface LogCapture {
  /** The raw lines, as they would have reached stdout. */
  readonly lines: string[];
  records(): LogRecord[];
  stop(): void;
}

/** Catches the in-process logger's lines (at `level`) until stop(). */
export function captureLogs(level: LogLevel = 'debug'): LogCapture {
  const lines: string[] = [];
  const stop = redirectLogs((line) => lines.push(line), level);
  return { lines, records: () => lines.map((line) => JSON.parse(line) as LogRecord), stop };
}

/** Parses a process's stdout into log records; any line that is not a JSON object fails the parse. */
export function parseLogLines(output: string): LogRecord[] {
  return output
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const parsed: unknown = JSON.parse(line);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`not a JSON object: ${line}`);
      return parsed as LogRecord;
    });
}
