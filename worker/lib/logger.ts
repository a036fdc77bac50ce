/** Fields of a log line; never secrets (env values, keys, tokens). */
export type LogFields = Record<string, unknown>;

export interface Logger {
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

/**
 * One JSON object per line, which Workers Logs indexes field by field; `context` (the request
 * id, for a request's logger) is on every line.
 */
export const createLogger = (context: LogFields = {}): Logger => {
  const write = (sink: (line: string) => void, msg: string, fields?: LogFields) =>
    sink(JSON.stringify({ msg, ...context, ...fields }));
  return {
    info: (msg, fields) => write(console.log, msg, fields),
    warn: (msg, fields) => write(console.warn, msg, fields),
    error: (msg, fields) => write(console.error, msg, fields),
  };
};
