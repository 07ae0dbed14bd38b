/**
 * JSON Schema as `tools/list` sends it, with what tells a client nothing left out: every byte of it is paid
 * for in the model's context on every conversation.
 *
 * Left out of every schema, without changing what it accepts:
 * - `propertyNames: { type: "string" }` (JSON object keys are strings);
 * - `minimum`/`maximum` at ±(2^53 − 1), the bounds zod gives every integer;
 * - `additionalProperties: {}`, which is the default;
 * - an empty `properties` of a nested object that allows any property.
 *
 * Left out of an output schema only: `additionalProperties: false`. It makes the schema stricter than what a
 * client needs to read a result; the server still checks its own results against the full zod schema.
 */
type Schema = { [key: string]: unknown };

const SAFE_INTEGER_BOUND = Number.MAX_SAFE_INTEGER;

// Keywords whose value is one schema, a list of schemas, or a map from names to schemas. Every other keyword's
// value (enum, const, default, examples, required…) is data and is copied untouched.
const SCHEMA_KEYWORDS = new Set([
  "items",
  "additionalItems",
  "additionalProperties",
  "unevaluatedItems",
  "unevaluatedProperties",
  "propertyNames",
  "contains",
  "not",
  "if",
  "then",
  "else",
]);
const SCHEMA_LIST_KEYWORDS = new Set(["anyOf", "oneOf", "allOf", "prefixItems"]);
const SCHEMA_MAP_KEYWORDS = new Set([
  "properties",
  "patternProperties",
  "$defs",
  "definitions",
  "dependentSchemas",
]);

const isSchema = (value: unknown): value is Schema =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const isEmpty = (value: unknown) => isSchema(value) && Object.keys(value).length === 0;

function leaveOut(key: string, value: unknown, output: boolean): boolean {
  switch (key) {
    case "propertyNames":
      return isSchema(value) && value.type === "string" && Object.keys(value).length === 1;
    case "minimum":
      return value === -SAFE_INTEGER_BOUND;
    case "maximum":
      return value === SAFE_INTEGER_BOUND;
    case "additionalProperties":
      return isEmpty(value) || (output && value === false);
    default:
      return false;
  }
}

function compact(schema: Schema, output: boolean, root: boolean): Schema {
  const result: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (leaveOut(key, value, output)) continue;
    if (SCHEMA_KEYWORDS.has(key) && isSchema(value)) {
      result[key] = compact(value, output, false);
    } else if ((SCHEMA_LIST_KEYWORDS.has(key) || key === "items") && Array.isArray(value)) {
      result[key] = value.map((item) => (isSchema(item) ? compact(item, output, false) : item));
    } else if (SCHEMA_MAP_KEYWORDS.has(key) && isSchema(value)) {
      result[key] = Object.fromEntries(
        Object.entries(value).map(([name, item]) => [
          name,
          isSchema(item) ? compact(item, output, false) : item,
        ]),
      );
    } else {
      result[key] = value;
    }
  }
  // `{ type: "object", properties: {} }` that allows any property says no more than `{ type: "object" }`. The
  // root keeps it: some clients expect `properties` on a tool's input schema.
  const openObject = result.additionalProperties === undefined || result.additionalProperties === true;
  if (!root && openObject && isEmpty(result.properties) && result.required === undefined) {
    delete result.properties;
  }
  return result;
}

/** `schema` with what tells a client nothing left out (see above); `output` for a tool's output schema. */
export function compactSchema<T extends object>(schema: T, { output = false } = {}): T {
  return compact(schema as Schema, output, true) as T;
}
