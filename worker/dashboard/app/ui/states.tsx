import type { ReactNode } from "react";
import { ApiProblem } from "../api/problem.ts";

export function Loading({ what }: { what: string }) {
  return (
    <p className="loading" role="status" aria-live="polite">
      Loading {what}…
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="empty">{children}</div>;
}

/** A request's failure, with the API's own words and its request id for support. */
export function ErrorNotice({ error }: { error: unknown }) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div className="notice notice-error" role="alert">
      <p>{message}</p>
      {error instanceof ApiProblem && error.requestId && (
        <p className="hint">Request id {error.requestId}</p>
      )}
    </div>
  );
}

const STATUS_TONE: Record<string, string> = {
  active: "good",
  ready: "good",
  provisioning: "busy",
  queued: "busy",
  running: "busy",
  deleting: "busy",
  failed: "bad",
  // Stopped on purpose: neither healthy nor broken.
  suspended: "muted",
  deleted: "muted",
};

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge badge-${STATUS_TONE[status] ?? "muted"}`}>{status}</span>;
}

export const formatDuration = (ms: number | undefined): string => {
  if (ms === undefined) return "";
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
};

export const formatTime = (iso: string | null): string =>
  iso ? new Date(iso).toLocaleString() : "—";
