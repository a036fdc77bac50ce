import { useQuery } from "@tanstack/react-query";
import { client, dataOf } from "../api/client.ts";
import { ErrorNotice, Loading } from "../ui/states.tsx";

/** How many of the service's last lines the panel shows. */
const TAIL = 200;

interface LogLine {
  pod: string;
  at: string;
  line: string;
}

/** The answer in `jsonl`: one `{pod, at, line}` per line, every pod merged by time. */
const parseLines = (text: string): LogLine[] =>
  text
    .split("\n")
    .filter((row) => row.trim() !== "")
    .map((row) => JSON.parse(row) as LogLine);

/** A service's runtime logs, the last lines of every pod it runs, read again on demand. */
export function ServiceLogs({ tenantId, service }: { tenantId: string; service: string }) {
  const logs = useQuery({
    queryKey: ["tenant", tenantId, "logs", service],
    queryFn: async () =>
      parseLines(
        await dataOf(
          client.GET("/v1/tenants/{id}/services/{name}/logs", {
            params: {
              path: { id: tenantId, name: service },
              query: { tail: TAIL, format: "jsonl" },
            },
            parseAs: "text",
          }),
        ),
      ),
  });
  return (
    <div className="service-logs">
      <div className="actions">
        <h4>Logs</h4>
        <button
          type="button"
          className="secondary"
          aria-label={`Refresh the logs of ${service}`}
          onClick={() => void logs.refetch()}
          disabled={logs.isFetching}
        >
          Refresh
        </button>
      </div>
      {logs.isPending && <Loading what="the logs" />}
      <ErrorNotice error={logs.error} />
      {logs.data &&
        (logs.data.length === 0 ? (
          <p className="hint">No lines yet.</p>
        ) : (
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take focus to scroll by keyboard
          <section className="log-lines" tabIndex={0} aria-label={`Logs of ${service}`}>
            <pre>{logs.data.map((entry) => `[${entry.pod}] ${entry.line}`).join("\n")}</pre>
          </section>
        ))}
    </div>
  );
}
