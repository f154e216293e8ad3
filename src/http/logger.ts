// Structured logs: one JSON object per line on stdout (errors on stderr), so a
// log collector reads fields instead of parsing prose. LOG_LEVEL picks the
// least severe level written.
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/** Where lines go; tests pass their own to read what was logged. */
export type LogSink = (line: string, level: Exclude<LogLevel, 'silent'>) => void;

const defaultSink: LogSink = (line, level) => (level === 'error' ? process.stderr : process.stdout).write(`${line}\n`);

export function createLogger(level: LogLevel, sink: LogSink = defaultSink): Logger {
  const threshold = LOG_LEVELS.indexOf(level);
  const write = (at: Exclude<LogLevel, 'silent'>) => (message: string, fields: LogFields = {}) => {
    if (LOG_LEVELS.indexOf(at) < threshold) return;
    sink(JSON.stringify({ time: new Date().toISOString(), level: at, msg: message, ...fields }), at);
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}
