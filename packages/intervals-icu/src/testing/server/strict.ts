type Json = Record<string, unknown>;

/** Keys the API description does not list, as the live API adds them (`SWOLF`, `valueType`, `sft_*`, …). */
export const undocumentedFields: Readonly<Json> = {
  fake_undocumented_text: "a key no client knows",
  fake_undocumented_metric: { value: "Infinity", unit: null },
};

/**
 * The narrowest answer the API description allows for a response: every `null` value of an object is
 * dropped (the description marks no field required, so a client must cope with any of them absent), and
 * every object gains keys the description does not list. Arrays keep their `null`s: a stream's samples are
 * positional. A `fields` projection gets no extra keys, as the API sends only what was asked for.
 */
export function narrowest(value: unknown, addUndocumented: boolean): unknown {
  if (Array.isArray(value)) return value.map((item) => narrowest(item, addUndocumented));
  if (value === null || typeof value !== "object") return value;
  const narrowed: Json = {};
  for (const [key, entry] of Object.entries(value as Json)) {
    if (entry !== null && entry !== undefined) narrowed[key] = narrowest(entry, addUndocumented);
  }
  return addUndocumented ? { ...narrowed, ...undocumentedFields } : narrowed;
}
