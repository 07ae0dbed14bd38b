import { z } from "zod";

function finiteOrNull(value: number | string): number | null {
  const number = typeof value === "number" ? value : Number(value);
  return Number.isFinite(number) ? number : null;
}

/**
 * A number as the live API sends it: sometimes `null`, sometimes missing, sometimes a string such as
 * `"Infinity"` (e.g. `SWOLF` of a strength session). Non-finite values become `null` so results stay JSON.
 */
export const apiNumber = z.union([z.number(), z.string()]).transform(finiteOrNull).nullish();

/** A string field the API may send as `null` or leave out. */
export const apiString = z.string().nullish();

/** A boolean field the API may send as `null` or leave out. */
export const apiBoolean = z.boolean().nullish();

/** An array of numbers (zones, zone times) that may be `null`, with `"Infinity"`-style entries nulled. */
export const apiNumberArray = z
  .array(z.union([z.number(), z.string()]).transform(finiteOrNull).nullable())
  .nullish();

/** Ids arrive as strings (`"i12345"`, `"71459"`) or numbers; the client hands out strings. */
export const apiId = z.union([z.string(), z.number()]).transform(String);
