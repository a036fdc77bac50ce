import type { MiddlewareHandler } from "hono";
import { BACKUP_OBJECTS_PATH } from "../backups/signed-url.ts";
import { ApiError } from "../errors/api-error.ts";
import type { AppEnv } from "../lib/types.ts";

/**
 * Largest accepted request body. Sized for the biggest legitimate body (a runner progress
 * batch of 200 events of up to 4 KiB), far above any tenant definition.
 */
export const MAX_BODY_BYTES = 1024 * 1024;

const JSON_CONTENT_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;.*)?$/i;
const BODY_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Every body is JSON and bounded: 413 / 415 / 400 before any route runs. The stream is read
 * with a running size check (Content-Length may be absent or wrong) and then put back.
 */
export const bodyGuard: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!BODY_METHODS.has(c.req.method)) return next();
  // A backup object is an encrypted dump streamed to storage, not an API body.
  if (c.req.path.startsWith(`${BACKUP_OBJECTS_PATH}/`)) return next();
  const declared = Number(c.req.header("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw new ApiError("payload_too_large");
  if (!c.req.raw.body) return next();

  const bytes = await readBounded(c.req.raw.body);
  c.req.raw = new Request(c.req.raw, { body: bytes.byteLength > 0 ? bytes : null });
  if (bytes.byteLength === 0) return next();
  const contentType = c.req.header("content-type") ?? "";
  if (!JSON_CONTENT_TYPE.test(contentType)) throw new ApiError("unsupported_media_type");
  const text = new TextDecoder().decode(bytes);
  try {
    JSON.parse(text);
  } catch {
    throw new ApiError("malformed_body");
  }
  return next();
};

async function readBounded(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw new ApiError("payload_too_large");
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
