import fc from 'fast-check';

/** The part of JSON Schema (as OpenAPI 3.1 and zod's toJSONSchema write it) the fuzz suite reads. */
export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  default?: unknown;
  [key: string]: unknown;
}

const NUL = '\u0000';

/** Strings a validator or a database may not expect: NUL, lone surrogates, right-to-left marks, emoji, SQL. */
export const nastyString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom(
    NUL,
    `a${NUL}b`,
    '\uD800',
    '\uDFFF x',
    '\u202Egnp.exe',
    '👨‍👩‍👧‍👦',
    "'; drop table cases; --",
    '%00',
    '../../etc/passwd',
    '__proto__',
    'constructor',
    '',
    ' ',
    '9'.repeat(400),
    '-1',
    '1e309',
    'NaN',
    'null',
    'true',
    '2024-02-30',
    '0000-00-00',
    '9999-12-31',
    '2024-13-01',
  ),
  fc.string({ maxLength: 10 }).map((s) => `${s}${NUL}${s}`),
);

/** A long string (up to `max` characters) built cheaply, so big inputs do not slow generation or shrinking. */
export const longString = (max: number) =>
  fc.tuple(fc.integer({ min: 1_000, max }), fc.constantFrom('x', '漢', NUL, 'é', '\n')).map(([n, ch]) => ch.repeat(n));

/** Any value that has no business where it is put. */
export const junkValue: fc.Arbitrary<unknown> = fc.oneof(
  nastyString,
  fc.integer(),
  fc.constantFrom(-1, 0, 2 ** 53, -(2 ** 53), 1e308, -0, 0.5, Number.MAX_SAFE_INTEGER + 2),
  fc.constant(null),
  fc.boolean(),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
  fc.dictionary(nastyString, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
  longString(20_000),
);

const isoDate = fc
  .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

/**
 * Values shaped by a JSON Schema, "valid-ish": mostly what the schema asks for (including values at and just
 * past its bounds), with a junk value in place of a field now and then, so that generated requests reach
 * the handlers behind validation as well as the validators themselves.
 */
export function schemaArbitrary(schema: JsonSchema, root: JsonSchema, junkWeight = 1, depth = 0): fc.Arbitrary<unknown> {
  const valid = validArbitrary(schema, root, junkWeight, depth);
  if (junkWeight === 0) return valid;
  return fc.oneof({ arbitrary: valid, weight: 12 }, { arbitrary: junkValue, weight: junkWeight });
}

function resolveRef(ref: string, root: JsonSchema): JsonSchema {
  const parts = ref.replace(/^#\//, '').split('/');
  let node: unknown = root;
  for (const p of parts) node = (node as Record<string, unknown> | undefined)?.[p];
  return (node as JsonSchema | undefined) ?? {};
}

function validArbitrary(schema: JsonSchema, root: JsonSchema, junkWeight: number, depth: number): fc.Arbitrary<unknown> {
  if (depth > 8) return fc.constant(null);
  const next = (s: JsonSchema) => schemaArbitrary(s, root, junkWeight, depth + 1);
  if (schema.$ref) return validArbitrary(resolveRef(schema.$ref, root), root, junkWeight, depth + 1);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const union = schema.anyOf ?? schema.oneOf;
  if (union?.length) return fc.oneof(...union.map((s) => validArbitrary(s, root, junkWeight, depth + 1)));
  if (schema.allOf?.length) return validArbitrary(Object.assign({}, ...schema.allOf.map((s) => (s.$ref ? resolveRef(s.$ref, root) : s))) as JsonSchema, root, junkWeight, depth + 1);
  if (Array.isArray(schema.type)) return fc.oneof(...schema.type.map((t) => validArbitrary({ ...schema, type: t }, root, junkWeight, depth)));
  switch (schema.type) {
    case 'object': {
      const props = schema.properties ?? {};
      const required = schema.required ?? [];
      const shape = Object.fromEntries(Object.entries(props).map(([k, s]) => [k, next(s)]));
      const base = fc.record(shape, { requiredKeys: required.filter((k) => k in props) });
      const extra =
        typeof schema.additionalProperties === 'object'
          ? fc.dictionary(fc.oneof(nastyString, fc.string({ minLength: 1, maxLength: 12 })), next(schema.additionalProperties), { maxKeys: 4 })
          : fc.constant({});
      return fc.tuple(base, extra).map(([b, e]) => ({ ...e, ...b }));
    }
    case 'array': {
      const items = schema.items ? next(schema.items) : fc.jsonValue({ maxDepth: 2 });
      const max = Math.min(schema.maxItems ?? 4, 4);
      return fc.array(items, { minLength: Math.min(schema.minItems ?? 0, max), maxLength: max });
    }
    case 'string':
      return stringArbitrary(schema);
    case 'integer':
    case 'number': {
      const min = schema.minimum ?? schema.exclusiveMinimum ?? -1_000_000;
      const max = schema.maximum ?? schema.exclusiveMaximum ?? 1_000_000;
      const edges = fc.constantFrom(min, max, min - 1, max + 1);
      const inRange = schema.type === 'integer'
        ? fc.integer({ min: Math.max(Math.ceil(min), -(2 ** 31)), max: Math.min(Math.floor(max), 2 ** 31) })
        : fc.double({ min, max, noNaN: true });
      return fc.oneof({ arbitrary: inRange, weight: 4 }, { arbitrary: edges, weight: 1 });
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      return fc.jsonValue({ maxDepth: 3 });
  }
}

function stringArbitrary(schema: JsonSchema): fc.Arbitrary<string> {
  if (schema.format === 'date') return isoDate;
  if (schema.format === 'date-time') return isoDate.map((d) => `${d}T08:00:00.000Z`);
  const minLength = schema.minLength ?? 0;
  const maxLength = schema.maxLength ?? 40;
  const options: fc.Arbitrary<string>[] = [fc.string({ minLength, maxLength: Math.min(maxLength, 40) })];
  if (schema.pattern) {
    try {
      const matching = fc.stringMatching(new RegExp(schema.pattern));
      options.push(schema.maxLength === undefined ? matching : matching.filter((s) => s.length <= maxLength), matching);
    } catch {
      // a pattern fast-check cannot generate from: plain strings only
    }
  }
  // At the bound, and one past it.
  if (schema.maxLength !== undefined && schema.maxLength <= 100_000) {
    options.push(fc.constantFrom('a'.repeat(schema.maxLength), '漢'.repeat(schema.maxLength), 'a'.repeat(schema.maxLength + 1)));
  }
  return fc.oneof(...options);
}

/** Text that parses as JSON nested `depth` levels deep (arrays or objects). */
export function deepJson(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array' ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

/** How deeply a parsed JSON value nests (iterative, so it can measure what would overflow a recursive walk). */
export function jsonDepth(value: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (v && typeof v === 'object') {
      max = Math.max(max, d);
      for (const child of Object.values(v)) stack.push([child, d + 1]);
    }
  }
  return max;
}
