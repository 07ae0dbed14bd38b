/** The parts of a JSON Schema that `undeclaredKeys` reads. */
export interface ObjectSchemaLike {
  properties?: Record<string, ObjectSchemaLike>;
  items?: ObjectSchemaLike;
  anyOf?: ObjectSchemaLike[];
}

/**
 * Keys of a tool's structured result that its output schema does not declare: the top-level keys, and the
 * keys of the objects in its arrays whose items declare properties (`rows[].name`). Arrays of maps (items
 * with no `properties`, like per-sample rows keyed by stream name) declare their values, not their keys.
 * A placeholder schema (`z.looseObject({})`) accepts any result, so this is how a test catches one.
 */
export function undeclaredKeys(value: Record<string, unknown>, schema: ObjectSchemaLike): string[] {
  const missing = new Set<string>();
  const properties = schema.properties ?? {};
  for (const [key, field] of Object.entries(value)) {
    const declared = properties[key];
    if (!declared) {
      missing.add(key);
      continue;
    }
    const items = declared.items ?? declared.anyOf?.find((option) => option.items)?.items;
    if (!Array.isArray(field) || !items?.properties) continue;
    for (const row of field) {
      if (!row || typeof row !== "object" || Array.isArray(row)) continue;
      for (const name of Object.keys(row)) if (!(name in items.properties)) missing.add(`${key}[].${name}`);
    }
  }
  return [...missing];
}
