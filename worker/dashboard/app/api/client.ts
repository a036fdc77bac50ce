import createClient from "openapi-fetch";
import type { paths } from "../../../contracts/openapi.d.ts";
import { ApiProblem, type FieldError } from "./problem.ts";

/**
 * The dashboard's one way to the API: openapi-fetch typed by the document the Worker serves
 * (worker/contracts/openapi.d.ts), same origin, the session cookie riding along (the browser
 * adds Origin to every request that changes something, which the API checks). Every non-2xx
 * answer is thrown as an ApiProblem built from its problem+json.
 */
export const client = createClient<paths>({
  baseUrl: "",
  credentials: "same-origin",
  headers: { accept: "application/json, application/problem+json" },
});

client.use({
  async onResponse({ response }) {
    if (response.ok) return undefined;
    const text = await response.text().catch(() => "");
    let problem: Partial<{ code: string; detail: string; errors: FieldError[]; requestId: string }>;
    try {
      problem = text ? JSON.parse(text) : {};
    } catch {
      problem = {};
    }
    throw new ApiProblem(
      response.status,
      problem.code ?? "http_error",
      problem.detail ?? `The API answered ${response.status}`,
      problem.errors ?? [],
      problem.requestId ?? "",
    );
  },
});

/** The data of a successful answer (the middleware above throws for the others). */
export const dataOf = async <T>(call: Promise<{ data?: T; response: Response }>): Promise<T> => {
  const { data, response } = await call;
  if (data === undefined && response.status !== 204) {
    throw new ApiProblem(response.status, "empty_answer", "The API answered without a body");
  }
  return data as T;
};
