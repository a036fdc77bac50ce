import type { IncomingMessage, ServerResponse } from "node:http";
import { parse as parseYaml } from "yaml";
import { ApiError, badRequest } from "../api/errors.ts";
import type { JsonValue } from "../api/types.ts";
import { decodeProtobuf, isProtobuf } from "./protobuf.ts";

const MAX_BODY_BYTES = 3 * 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<string> {
  return (await readRawBody(req)).toString("utf8");
}

/** JSON or YAML text, or Kubernetes protobuf for the few kinds protobuf.ts knows. */
export async function readObjectBody(req: IncomingMessage): Promise<JsonValue> {
  const raw = await readRawBody(req);
  const contentType = req.headers["content-type"];
  return isProtobuf(contentType)
    ? decodeProtobuf(raw)
    : parseBody(raw.toString("utf8"), contentType);
}

async function readRawBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES)
      throw new ApiError(413, "RequestEntityTooLarge", "Request entity too large");
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/** JSON, or YAML for `application/apply-patch+yaml` (a JSON document is valid YAML too). */
export function parseBody(text: string, contentType: string | undefined): JsonValue {
  if (!text.trim()) throw badRequest("the request body is empty");
  try {
    if (contentType?.includes("yaml")) return parseYaml(text) as JsonValue;
    return JSON.parse(text) as JsonValue;
  } catch (error) {
    throw badRequest(`couldn't get version/kind; json parse error: ${(error as Error).message}`);
  }
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string | string[]> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(text),
    "Cache-Control": "no-cache, private",
    ...headers,
  });
  res.end(text);
}

export function sendError(res: ServerResponse, error: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const apiError =
    error instanceof ApiError
      ? error
      : new ApiError(
          500,
          "InternalError",
          `Internal error occurred: ${(error as Error)?.message ?? String(error)}`,
        );
  const headers: Record<string, string> = {};
  if (apiError.retryAfterSeconds !== undefined)
    headers["Retry-After"] = String(apiError.retryAfterSeconds);
  sendJson(res, apiError.code, apiError.toStatus(), headers);
}
