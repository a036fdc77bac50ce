/** How a log answer is written: lines of text, or one JSON object per line. */
export type LogFormat = "text" | "jsonl";

/** The body and headers of a log answer in the asked format. */
export function logBody<T>(
  items: T[],
  format: LogFormat,
  asText: (item: T) => string,
): { body: string; headers: Record<string, string> } {
  return {
    body: items
      .map((item) => `${format === "jsonl" ? JSON.stringify(item) : asText(item)}\n`)
      .join(""),
    headers: {
      "content-type":
        format === "jsonl" ? "application/jsonl; charset=utf-8" : "text/plain; charset=utf-8",
      "cache-control": "no-store",
    },
  };
}
