import { ApiError } from "../api/errors.ts";
import type { JsonObject, JsonValue } from "../api/types.ts";

/**
 * kubectl's typed clients send some requests as Kubernetes protobuf (`auth can-i`'s
 * SelfSubjectAccessReview, `create token`'s TokenRequest). This decodes those few kinds
 * into their JSON form; the answers go back as JSON, which the clients also accept.
 */
type FieldSchema = {
  name: string;
  kind: "string" | "int" | "bool" | "message" | "strings";
  schema?: MessageSchema;
};
type MessageSchema = Record<number, FieldSchema>;

const resourceAttributes: MessageSchema = {
  1: { name: "namespace", kind: "string" },
  2: { name: "verb", kind: "string" },
  3: { name: "group", kind: "string" },
  4: { name: "version", kind: "string" },
  5: { name: "resource", kind: "string" },
  6: { name: "subresource", kind: "string" },
  7: { name: "name", kind: "string" },
};
const nonResourceAttributes: MessageSchema = {
  1: { name: "path", kind: "string" },
  2: { name: "verb", kind: "string" },
};
const objectMeta: MessageSchema = {
  1: { name: "name", kind: "string" },
  3: { name: "namespace", kind: "string" },
};
const reviewSpec: MessageSchema = {
  1: { name: "resourceAttributes", kind: "message", schema: resourceAttributes },
  2: { name: "nonResourceAttributes", kind: "message", schema: nonResourceAttributes },
  3: { name: "user", kind: "string" },
  4: { name: "groups", kind: "strings" },
};
const tokenSpec: MessageSchema = {
  1: { name: "audiences", kind: "strings" },
  4: { name: "expirationSeconds", kind: "int" },
};
const withSpec = (spec: MessageSchema): MessageSchema => ({
  1: { name: "metadata", kind: "message", schema: objectMeta },
  2: { name: "spec", kind: "message", schema: spec },
});
const kinds: Record<string, MessageSchema> = {
  SelfSubjectAccessReview: withSpec(reviewSpec),
  SubjectAccessReview: withSpec(reviewSpec),
  TokenRequest: withSpec(tokenSpec),
};

const typeMeta: MessageSchema = {
  1: { name: "apiVersion", kind: "string" },
  2: { name: "kind", kind: "string" },
};
const unknownEnvelope: MessageSchema = {
  1: { name: "typeMeta", kind: "message", schema: typeMeta },
};

function readVarint(bytes: Buffer, at: number): [number, number] {
  let value = 0;
  let shift = 0;
  let position = at;
  for (;;) {
    const byte = bytes[position] ?? 0;
    position += 1;
    value += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) return [value, position];
    shift += 7;
  }
}

function decode(bytes: Buffer, schema: MessageSchema, raw?: { bytes?: Buffer }): JsonObject {
  const result: JsonObject = {};
  let position = 0;
  while (position < bytes.length) {
    const [tag, afterTag] = readVarint(bytes, position);
    const fieldNumber = Math.floor(tag / 8);
    const wireType = tag & 7;
    position = afterTag;
    let value: number | Buffer = 0;
    if (wireType === 0) [value, position] = readVarint(bytes, position);
    else if (wireType === 2) {
      const [length, start] = readVarint(bytes, position);
      value = bytes.subarray(start, start + length);
      position = start + length;
    } else if (wireType === 1) position += 8;
    else if (wireType === 5) position += 4;
    else throw new ApiError(400, "BadRequest", "unsupported protobuf wire type");
    if (wireType !== 0 && wireType !== 2) continue;
    if (raw && fieldNumber === 2 && Buffer.isBuffer(value)) raw.bytes = value;
    const field = schema[fieldNumber];
    if (!field) continue;
    const text = Buffer.isBuffer(value) ? value.toString("utf8") : String(value);
    const decoded: JsonValue =
      field.kind === "message" && Buffer.isBuffer(value)
        ? decode(value, field.schema ?? {})
        : field.kind === "int" || field.kind === "bool"
          ? field.kind === "bool"
            ? value !== 0
            : Number(value)
          : text;
    if (field.kind === "strings")
      result[field.name] = [...((result[field.name] as JsonValue[] | undefined) ?? []), decoded];
    else result[field.name] = decoded;
  }
  return result;
}

export const isProtobuf = (contentType: string | undefined) =>
  Boolean(contentType?.includes("application/vnd.kubernetes.protobuf"));

export function decodeProtobuf(body: Buffer): JsonObject {
  if (body.subarray(0, 4).toString("latin1") !== "k8s\u0000")
    throw new ApiError(400, "BadRequest", "not a Kubernetes protobuf body");
  const raw: { bytes?: Buffer } = {};
  const envelope = decode(body.subarray(4), unknownEnvelope, raw);
  const meta = envelope.typeMeta as JsonObject | undefined;
  const kind = String(meta?.kind ?? "");
  const schema = kinds[kind];
  if (!schema || !raw.bytes) {
    throw new ApiError(
      415,
      "UnsupportedMediaType",
      `the embedded cluster accepts ${kind || "this kind"} as JSON only (kubectl's imperative generators send protobuf; use kubectl apply -f or create -f)`,
    );
  }
  return { apiVersion: meta?.apiVersion ?? "", kind, ...decode(raw.bytes, schema) };
}
