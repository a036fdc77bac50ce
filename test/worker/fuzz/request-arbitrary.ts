import fc from "fast-check";
import type { Operation, PathValues } from "../security/openapi-operations.ts";
import { type Schema, type SchemaDocument, schemaArbitrary } from "./schema-arbitrary.ts";

/** One generated request, with what kind of case it is so a failure reads as what it tried. */
export interface FuzzRequest {
  kind: "valid" | "mutated body" | "raw body" | "mutated parameters";
  path: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
}

interface FuzzParameter {
  name: string;
  in: string;
  required?: boolean;
  schema: Schema;
}

/** Strings that break naive parsers and routers: encodings, traversal, controls, sizes. */
const hostileString = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom(
    "",
    " ",
    "..",
    "../../etc/passwd",
    "%00",
    "%2F",
    "%",
    "\u0000",
    "null",
    "undefined",
    "-1",
    "0",
    "1e309",
    "NaN",
    "9007199254740993",
    "true",
    "[]",
    "{}",
    "<script>",
    "' OR 1=1 --",
    "ten_00000000000000000000",
    "dep_00000000000000000000",
    "x".repeat(5000),
  ),
);

const OPTIONAL_HEADERS = fc.record(
  {
    "idempotency-key": fc.oneof(fc.uuid(), fc.string({ maxLength: 300 })),
    accept: fc.constantFrom("*/*", "application/json", "text/csv", "text/event-stream", "x/y"),
    "x-d1-bookmark": hostileString,
    "if-none-match": fc.string({ maxLength: 40 }),
    "last-event-id": fc.oneof(fc.nat().map(String), hostileString),
    origin: fc.constantFrom("http://enclave.test", "https://evil.example", "null"),
  },
  { requiredKeys: [] },
);

const CONTENT_TYPES = fc.constantFrom(
  "application/json",
  "application/json; charset=utf-8",
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "application/merge-patch+json",
);

/** Header values must be ByteStrings without CR/LF; anything else is refused by fetch itself. */
const headerSafe = (headers: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [
      name,
      Array.from(value)
        .filter((c) => {
          const code = c.charCodeAt(0);
          return code >= 0x20 && code <= 0x7e;
        })
        .join(""),
    ]),
  );

/** Turns a valid body into an invalid one: a dropped, retyped or unknown property, or another type. */
const mutateBody = (body: unknown): fc.Arbitrary<unknown> => {
  const mutations: fc.Arbitrary<unknown>[] = [
    fc.jsonValue(),
    fc.constantFrom(null, [], "", 0, true, {}),
  ];
  if (body && typeof body === "object" && !Array.isArray(body)) {
    const keys = Object.keys(body);
    mutations.push(
      fc
        .tuple(fc.string({ maxLength: 20 }), fc.jsonValue())
        .map(([key, value]) => ({ ...body, [key]: value })),
    );
    if (keys.length > 0) {
      mutations.push(
        fc.constantFrom(...keys).map((key) => {
          const { [key]: _dropped, ...rest } = body as Record<string, unknown>;
          return rest;
        }),
        fc
          .tuple(fc.constantFrom(...keys), fc.oneof(fc.anything(), hostileString))
          .map(([key, value]) => ({ ...body, [key]: value })),
      );
    }
  }
  return fc.oneof(...mutations);
};

const serialize = (value: unknown): string | undefined => {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
};

/**
 * Requests for one operation: valid ones (fast-check leans to boundaries), bodies mutated
 * property by property, raw bodies that are not JSON, and hostile path and query parameters,
 * each with a random set of the headers the API reads.
 */
export function requestArbitrary(
  operation: Operation,
  document: SchemaDocument,
  bodySchema: Schema | undefined,
  values: PathValues,
  credential: Record<string, string>,
): fc.Arbitrary<FuzzRequest> {
  const parameters = operation.parameters as unknown as FuzzParameter[];
  const segments = operation.path.split("/");
  const pathValue = (name: string, index: number): string | undefined =>
    name === "id" ? values.ids[segments[index - 1] ?? ""] : values.names[name];

  const validPath = fc.tuple(
    ...segments.map((segment, index) => {
      const name = /^\{(\w+)\}$/.exec(segment)?.[1];
      if (!name) return fc.constant(segment);
      const known = pathValue(name, index);
      return known === undefined ? fc.string({ minLength: 1, maxLength: 30 }) : fc.constant(known);
    }),
  );
  const hostilePath = fc.tuple(
    ...segments.map((segment) =>
      /^\{\w+\}$/.test(segment) ? hostileString : fc.constant(segment),
    ),
  );
  const queryParameters = parameters.filter((p) => p.in === "query");
  const validQuery = fc.record(
    Object.fromEntries(
      queryParameters.map((p) => [
        p.name,
        schemaArbitrary(p.schema, document).map((value) => String(value)),
      ]),
    ),
    { requiredKeys: queryParameters.filter((p) => p.required).map((p) => p.name) },
  );
  const hostileQuery = fc.dictionary(
    fc.oneof(fc.constantFrom(...queryParameters.map((p) => p.name), "x"), fc.string()),
    hostileString,
    { maxKeys: 4 },
  );

  const build = (
    kind: FuzzRequest["kind"],
    path: string[],
    query: Record<string, string>,
    headers: Record<string, string>,
    body: string | undefined,
    contentType: string,
  ): FuzzRequest => {
    const search = new URLSearchParams(query).toString();
    const encoded = path
      .map((segment, index) =>
        /^\{\w+\}$/.test(segments[index] ?? "") ? encodeURIComponent(segment) : segment,
      )
      .join("/");
    const withBody = body !== undefined && !["GET", "HEAD"].includes(operation.method);
    return {
      kind,
      method: operation.method,
      path: search ? `${encoded}?${search}` : encoded,
      headers: {
        ...headerSafe(headers),
        ...credential,
        ...(withBody ? { "content-type": contentType } : {}),
      },
      ...(withBody ? { body } : {}),
    };
  };

  const validBody = bodySchema ? schemaArbitrary(bodySchema, document) : fc.constant(undefined);
  const json = fc.constant("application/json");

  return fc.oneof(
    fc
      .tuple(validPath, validQuery, OPTIONAL_HEADERS, validBody)
      .map(([path, query, headers, body]) =>
        build("valid", path, query, headers, serialize(body), "application/json"),
      ),
    fc
      .tuple(validPath, validQuery, OPTIONAL_HEADERS, validBody.chain(mutateBody))
      .map(([path, query, headers, body]) =>
        build("mutated body", path, query, headers, serialize(body) ?? "{", "application/json"),
      ),
    fc
      .tuple(
        validPath,
        validQuery,
        OPTIONAL_HEADERS,
        fc.oneof(fc.string({ unit: "binary", maxLength: 200 }), fc.constantFrom("{", "[1,", '"')),
        fc.oneof(json, CONTENT_TYPES),
      )
      .map(([path, query, headers, body, type]) =>
        build("raw body", path, query, headers, body, type),
      ),
    fc
      .tuple(hostilePath, hostileQuery, OPTIONAL_HEADERS, validBody)
      .map(([path, query, headers, body]) =>
        build("mutated parameters", path, query, headers, serialize(body), "application/json"),
      ),
  );
}
