import type { Transport } from "../client/transport.js";
import { isLocalDate, isLocalDateOrDateTime } from "../training/dates.js";

/** What every resource group needs: the shared transport and the athlete's path prefix. */
export interface ResourceContext {
  transport: Transport;
  /** `/athlete/0`, `/athlete/i12345`, … */
  athletePath: string;
}

/** Throws a TypeError naming the argument unless it is an athlete-local date or date-time. */
export function requireLocalDate(value: string, name: string, allowTime = true): string {
  const valid = allowTime ? isLocalDateOrDateTime(value) : isLocalDate(value);
  if (!valid) {
    throw new TypeError(
      `${name} must be an athlete-local date like 2024-05-01${allowTime ? " (or 2024-05-01T06:00:00)" : ""}, got ${JSON.stringify(value)}.`,
    );
  }
  return value;
}

/** Throws a TypeError unless the id is a non-empty path segment (no slashes or query characters). */
export function requireId(value: string | number, name: string): string {
  const id = String(value).trim();
  if (id === "" || /[/?#\s]/.test(id)) {
    throw new TypeError(`${name} must be a single id such as "i12345", got ${JSON.stringify(value)}.`);
  }
  return encodeURIComponent(id);
}

/** The `fields` to send: the keys the client relies on first, then the caller's, each once. */
export function withKeysReliedOn(
  fields: readonly string[] | undefined,
  reliedOn: readonly string[],
): string[] | undefined {
  return fields ? [...new Set([...reliedOn, ...fields])] : undefined;
}
