import { ApiError, badRequest } from "../api/errors.ts";
import type { LogOptions } from "../context.ts";

/** Query booleans as Go's strconv.ParseBool reads them, which is how kube-apiserver decodes them. */
const TRUE = new Set(["1", "t", "T", "true", "TRUE", "True"]);
const FALSE = new Set(["0", "f", "F", "false", "FALSE", "False"]);

function booleanParam(query: URLSearchParams, name: string): boolean {
  const value = query.get(name);
  if (value === null || value === "") return false;
  if (TRUE.has(value)) return true;
  if (FALSE.has(value)) return false;
  throw badRequest(
    `${name}: Invalid value: "${value}": strconv.ParseBool: parsing "${value}": invalid syntax`,
  );
}

function integerParam(query: URLSearchParams, name: string): number | undefined {
  const value = query.get(name);
  if (value === null || value === "") return undefined;
  if (!/^-?\d+$/.test(value)) {
    throw badRequest(
      `${name}: Invalid value: "${value}": strconv.ParseInt: parsing "${value}": invalid syntax`,
    );
  }
  return Number(value);
}

/**
 * PodLogOptions from the query, decoded and validated as kube-apiserver does: a value that
 * does not parse is a 400, one that parses but is out of range a 422 naming the field.
 */
export function parseLogOptions(podName: string, query: URLSearchParams): LogOptions {
  const tailLines = integerParam(query, "tailLines");
  const sinceSeconds = integerParam(query, "sinceSeconds");
  const limitBytes = integerParam(query, "limitBytes");
  const sinceTimeText = query.get("sinceTime");
  const sinceTime = sinceTimeText ? Date.parse(sinceTimeText) : undefined;
  if (sinceTime !== undefined && Number.isNaN(sinceTime)) {
    throw badRequest(`sinceTime: Invalid value: "${sinceTimeText}": parsing time as RFC3339`);
  }
  const causes: string[] = [];
  if (tailLines !== undefined && tailLines < 0)
    causes.push(`tailLines: Invalid value: ${tailLines}: must be greater than or equal to 0`);
  if (sinceSeconds !== undefined && sinceSeconds < 1)
    causes.push(`sinceSeconds: Invalid value: ${sinceSeconds}: must be greater than 0`);
  if (limitBytes !== undefined && limitBytes < 1)
    causes.push(`limitBytes: Invalid value: ${limitBytes}: must be greater than 0`);
  if (sinceSeconds !== undefined && sinceTime !== undefined)
    causes.push(
      "sinceSeconds: Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified",
    );
  if (causes.length > 0) {
    const summary = causes.length === 1 ? causes[0] : `[${causes.join(", ")}]`;
    throw new ApiError(422, "Invalid", `PodLogOptions "${podName}" is invalid: ${summary}`, {
      name: podName,
      kind: "PodLogOptions",
      causes: causes.map((message) => ({ reason: "FieldValueInvalid", message })),
    });
  }
  const since =
    sinceSeconds !== undefined ? Date.now() - sinceSeconds * 1000 : (sinceTime ?? undefined);
  return {
    container: query.get("container") || undefined,
    follow: booleanParam(query, "follow"),
    previous: booleanParam(query, "previous"),
    timestamps: booleanParam(query, "timestamps"),
    tailLines,
    limitBytes,
    sinceMs: since,
  };
}
