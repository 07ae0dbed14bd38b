import { z } from "zod";

/** A value the API sent that the client left out because it was missing a part or of the wrong type. */
export interface SkippedValue {
  /** Where it was, without row numbers: `feel`, `icu_intervals.average_watts`, `gear.id`. */
  field: string;
  /** In how many rows (or records) it was left out. */
  count: number;
}

const skipped = new WeakMap<object, SkippedValue[]>();

/**
 * The values the client left out of a result because the API sent them missing or malformed, where the
 * rest of the record could still be used. Empty when nothing was left out.
 *
 * @example skippedValues(await client.wellness.list(window)) // [{ field: "restingHR", count: 2 }]
 */
export function skippedValues(result: unknown): readonly SkippedValue[] {
  return (typeof result === "object" && result !== null && skipped.get(result)) || [];
}

/** Records on `target` what was skipped in `sources` (for results built from other results). */
export function carrySkippedValues(target: object, ...sources: unknown[]): void {
  const counts = new Map<string, number>();
  for (const source of sources) {
    for (const { field, count } of skippedValues(source)) counts.set(field, (counts.get(field) ?? 0) + count);
  }
  if (counts.size > 0)
    skipped.set(
      target,
      [...counts].map(([field, count]) => ({ field, count })),
    );
}

type Path = ReadonlyArray<PropertyKey>;
type Container = Record<PropertyKey, unknown>;

const MAX_REPAIRS = 8;
const lenientSchemas = new WeakMap<z.ZodType, z.ZodType>();

/**
 * Parses like `schema`, but a value that fails it is left out of its record and the record kept, as long as
 * the schema does without it (every field the API description lists is optional). Only when a record lacks
 * something it cannot do without (an activity's `id`, say) does the parse fail, naming that field.
 * What was left out is readable with `skippedValues(result)`.
 */
export function lenient<Schema extends z.ZodType>(schema: Schema): z.ZodType<z.output<Schema>> {
  const known = lenientSchemas.get(schema);
  if (known) return known as z.ZodType<z.output<Schema>>;
  const wrapped = z.unknown().transform((input, context) => {
    let data = input;
    const removed = new Map<string, Set<string>>();
    for (let round = 0; round <= MAX_REPAIRS; round += 1) {
      const result = schema.safeParse(data);
      if (result.success) {
        const value = result.data as z.output<Schema>;
        if (removed.size > 0 && typeof value === "object" && value !== null) {
          skipped.set(
            value,
            [...removed].map(([field, rows]) => ({ field, count: rows.size })),
          );
        }
        return value;
      }
      if (round === 0) data = structuredClone(input);
      for (const issue of result.error.issues) {
        const key = removableKey(data, issue.path);
        if (!key) {
          context.addIssue({ code: "custom", message: issue.message, path: [...issue.path], input: data });
          return z.NEVER;
        }
        const parent = valueAt(data, key.slice(0, -1)) as Container;
        delete parent[key.at(-1) as PropertyKey];
        const field = key.filter((part) => typeof part === "string").join(".");
        const row = key.find((part) => typeof part === "number");
        const rows = removed.get(field) ?? new Set<string>();
        rows.add(String(row ?? key.join(".")));
        removed.set(field, rows);
      }
    }
    context.addIssue({ code: "custom", message: "too many malformed values", input });
    return z.NEVER;
  });
  lenientSchemas.set(schema, wrapped);
  return wrapped as z.ZodType<z.output<Schema>>;
}

/**
 * The key to delete for an issue: the deepest named key on its path that holds a value. A key that holds
 * nothing is one the schema requires, so its parent object goes instead; there is none to delete when the
 * path reaches a top-level record (a list row or the answer itself) first.
 */
function removableKey(data: unknown, path: Path): Path | undefined {
  for (let end = path.length; end > 0; end -= 1) {
    const key = path[end - 1];
    if (typeof key !== "string") continue;
    const prefix = path.slice(0, end);
    const isTopLevel = prefix.slice(0, -1).every((part) => typeof part === "number");
    if (valueAt(data, prefix) !== undefined) return prefix;
    if (isTopLevel) return undefined;
  }
  return undefined;
}

function valueAt(data: unknown, path: Path): unknown {
  let current = data;
  for (const part of path) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Container)[part];
  }
  return current;
}
