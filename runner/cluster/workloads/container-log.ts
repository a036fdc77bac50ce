/** One line a simulated container wrote, with when it wrote it (the runtime's timestamp). */
export interface LogEntry {
  atMs: number;
  line: string;
}

/** RFC 3339 with nanoseconds, as the kubelet prefixes lines when `timestamps=true`. */
export const logTimestamp = (atMs: number): string =>
  new Date(atMs).toISOString().replace(/\.(\d{3})Z$/, ".$1000000Z");

export const formatLogEntry = (entry: LogEntry, timestamps: boolean): string =>
  `${timestamps ? `${logTimestamp(entry.atMs)} ` : ""}${entry.line}\n`;

/** What a log request selects from a container's lines: since a time, then the last N. */
export function selectLogEntries(
  entries: LogEntry[],
  options: { sinceMs?: number | undefined; tailLines?: number | undefined },
): LogEntry[] {
  const recent =
    options.sinceMs === undefined
      ? entries
      : entries.filter((entry) => entry.atMs >= (options.sinceMs as number));
  return options.tailLines === undefined
    ? recent
    : recent.slice(Math.max(0, recent.length - options.tailLines));
}
