import fc from "fast-check";

/** The parts of JSON Schema (as OpenAPI 3.1 documents use it) that requests are made of. */
export interface Schema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  oneOf?: Schema[];
  anyOf?: Schema[];
  allOf?: Schema[];
}

export interface SchemaDocument {
  components?: { schemas?: Record<string, Schema> };
}

/** Strings stay short: long ones are the boundary cases' business, not every case's. */
const STRING_CAP = 80;
const ARRAY_CAP = 4;

const resolve = (schema: Schema, document: SchemaDocument): Schema => {
  if (!schema.$ref) return schema;
  const name = schema.$ref.replace("#/components/schemas/", "");
  const target = document.components?.schemas?.[name];
  if (!target) throw new Error(`unresolved ${schema.$ref}`);
  return resolve(target, document);
};

const FORMATS: Record<string, fc.Arbitrary<string>> = {
  uri: fc.webUrl(),
  url: fc.webUrl(),
  email: fc.emailAddress(),
  uuid: fc.uuid(),
  "date-time": fc
    .date({ min: new Date("2000-01-01"), max: new Date("2100-01-01"), noInvalidDate: true })
    .map((d) => d.toISOString()),
  "ipv4-cidr": fc
    .tuple(fc.ipV4(), fc.integer({ min: 0, max: 32 }))
    .map(([ip, bits]) => `${ip}/${bits}`),
  ipv4: fc.ipV4(),
};

function stringArbitrary(schema: Schema): fc.Arbitrary<string> {
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.max(minLength, Math.min(schema.maxLength ?? STRING_CAP, STRING_CAP));
  const inLength = (value: string) =>
    value.length >= (schema.minLength ?? 0) && value.length <= (schema.maxLength ?? Infinity);
  const format = schema.format ? FORMATS[schema.format] : undefined;
  if (format) return format.filter(inLength);
  if (schema.pattern) {
    try {
      return fc.stringMatching(new RegExp(schema.pattern)).filter(inLength);
    } catch {
      // A pattern fast-check cannot generate from (lookarounds): plain strings, most invalid.
    }
  }
  return fc.string({ minLength, maxLength, unit: "grapheme" });
}

function numberArbitrary(schema: Schema, integer: boolean): fc.Arbitrary<number> {
  const min = schema.minimum ?? schema.exclusiveMinimum;
  const max = schema.maximum ?? schema.exclusiveMaximum;
  if (integer) {
    return fc.integer({
      min: min ?? Number.MIN_SAFE_INTEGER,
      max: max ?? Number.MAX_SAFE_INTEGER,
    });
  }
  return fc.double({ min: min ?? -1e12, max: max ?? 1e12, noNaN: true });
}

function objectArbitrary(
  schema: Schema,
  document: SchemaDocument,
  depth: number,
): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {};
  const required = schema.required ?? [];
  const known = Object.fromEntries(
    Object.entries(properties).map(([name, property]) => [
      name,
      schemaArbitrary(property, document, depth + 1),
    ]),
  );
  const record =
    Object.keys(known).length > 0
      ? fc.record(known, {
          requiredKeys: required.filter((name) => name in known),
        })
      : fc.constant({});
  const extra = schema.additionalProperties;
  if (extra && typeof extra === "object" && depth < 4) {
    const values = fc.dictionary(
      fc.string({ minLength: 1, maxLength: 20 }),
      schemaArbitrary(extra, document, depth + 1),
      { maxKeys: ARRAY_CAP },
    );
    return fc.tuple(record, values).map(([fixed, free]) => ({ ...free, ...fixed }));
  }
  return record;
}

/**
 * Values the schema accepts, or as close as fast-check's generators get (a pattern it cannot
 * generate from yields plain strings): fast-check leans towards boundaries by itself (empty
 * strings, the minimum and maximum, empty and full arrays).
 */
export function schemaArbitrary(
  input: Schema,
  document: SchemaDocument,
  depth = 0,
): fc.Arbitrary<unknown> {
  const schema = resolve(input, document);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (alternatives)
    return fc.oneof(...alternatives.map((s) => schemaArbitrary(s, document, depth)));
  if (schema.allOf) {
    return fc
      .tuple(...schema.allOf.map((s) => schemaArbitrary(s, document, depth)))
      .map((parts) =>
        parts.every((part) => typeof part === "object" && part !== null && !Array.isArray(part))
          ? Object.assign({}, ...parts)
          : parts[parts.length - 1],
      );
  }
  const types = Array.isArray(schema.type) ? schema.type : [schema.type ?? "object"];
  return fc.oneof(
    ...types.map((type): fc.Arbitrary<unknown> => {
      switch (type) {
        case "null":
          return fc.constant(null);
        case "string":
          return stringArbitrary(schema);
        case "integer":
          return numberArbitrary(schema, true);
        case "number":
          return numberArbitrary(schema, false);
        case "boolean":
          return fc.boolean();
        case "array":
          return fc.array(
            depth < 4 && schema.items
              ? schemaArbitrary(schema.items, document, depth + 1)
              : fc.anything(),
            {
              minLength: schema.minItems ?? 0,
              maxLength: Math.max(
                schema.minItems ?? 0,
                Math.min(schema.maxItems ?? ARRAY_CAP, ARRAY_CAP),
              ),
            },
          );
        default:
          return objectArbitrary(schema, document, depth);
      }
    }),
  );
}
