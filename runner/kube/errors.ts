import { ApiException } from "@kubernetes/client-node";

/** The HTTP status of a failed Kubernetes call, if it got that far. */
export function statusCode(error: unknown): number | undefined {
  if (error instanceof ApiException) return error.code;
  // Watch failures carry the status as `statusCode`; a DOMException's numeric `code` is not one.
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === "number" && status >= 100 && status < 600 ? status : undefined;
}

/** The API server's own explanation (a Status message), which names quota and admission causes. */
export function statusMessage(error: unknown): string {
  if (error instanceof ApiException) {
    const body: unknown = error.body;
    const parsed = typeof body === "string" ? safeJson(body) : body;
    if (typeof parsed === "object" && parsed !== null && "message" in parsed) {
      return String((parsed as { message: unknown }).message);
    }
    return `HTTP ${error.code}`;
  }
  return error instanceof Error ? error.message : String(error);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A Kubernetes call that failed, with what was attempted and what the server said. */
export class KubeError extends Error {
  readonly status: number | undefined;
  constructor(action: string, cause: unknown) {
    super(`${action}: ${statusMessage(cause)}`, { cause });
    this.name = "KubeError";
    this.status = statusCode(cause);
  }
}
