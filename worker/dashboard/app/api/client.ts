import { ApiProblem } from "./problem.ts";

/**
 * The dashboard's one way to the API: same origin, the session cookie rides along (the
 * browser adds Origin to every request that changes something, which the API checks), JSON
 * in and out, problem+json turned into ApiProblem.
 */
type Query = Record<string, string | number | undefined | null>;

const withQuery = (path: string, query?: Query) => {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== "") params.set(name, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
};

async function call<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
  const res = await fetch(withQuery(path, query), {
    method,
    credentials: "same-origin",
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  const parsed = text ? (JSON.parse(text) as unknown) : undefined;
  if (!res.ok) {
    const problem = (parsed ?? {}) as Partial<{
      code: string;
      detail: string;
      errors: { path: string; message: string }[];
      requestId: string;
    }>;
    throw new ApiProblem(
      res.status,
      problem.code ?? "http_error",
      problem.detail ?? `The API answered ${res.status}`,
      problem.errors ?? [],
      problem.requestId ?? "",
    );
  }
  return parsed as T;
}

export const api = {
  get: <T>(path: string, query?: Query) => call<T>("GET", path, undefined, query),
  post: <T>(path: string, body?: unknown, query?: Query) => call<T>("POST", path, body, query),
  patch: <T>(path: string, body: unknown) => call<T>("PATCH", path, body),
  delete: <T>(path: string) => call<T>("DELETE", path),
};
