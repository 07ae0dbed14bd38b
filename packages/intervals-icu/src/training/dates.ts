// The calendar steps are @mcp-connectors/client-kit's, shared with the Polar client: `YYYY-MM-DD` strings,
// arithmetic in UTC. This module adds the API's athlete-local forms and the default windows.
import { addDays, isCalendarDate } from "@mcp-connectors/client-kit";

export { addDays, datesBetween, isCalendarDate as isLocalDate, localDate } from "@mcp-connectors/client-kit";

const localDateTimePattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;

/** True for `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM[:SS]` without a zone, the API's athlete-local forms. */
export function isLocalDateOrDateTime(value: string): boolean {
  return isCalendarDate(value) || (localDateTimePattern.test(value) && isCalendarDate(value.slice(0, 10)));
}

/** A window of athlete-local dates, both ends included, `YYYY-MM-DD`. */
export interface DateWindow {
  oldest: string;
  newest: string;
}

/** The window used where a caller leaves an end open. */
export interface DateWindowDefaults {
  /** The athlete's local date today, `YYYY-MM-DD` (see `athlete.today()`); needed only when an end is missing. */
  today?: string | undefined;
  /** Days before today the default window starts. */
  daysBefore: number;
  /** Days after today the default window ends (0 = today). */
  daysAfter: number;
}

/**
 * Completes a window of dates from the ends given. With neither, it is `today − daysBefore … today + daysAfter`.
 * With only `oldest`, it runs to the default end when that is later ("since January" → today), else keeps the
 * default span after it ("from next Monday" → the usual span ahead); with only `newest`, the same mirrored.
 *
 * @example dateWindow({ oldest: "2024-05-01" }, { today: "2024-05-20", daysBefore: 30, daysAfter: 0 })
 * // { oldest: "2024-05-01", newest: "2024-05-20" }
 * @throws RangeError naming `newest` when it is before `oldest`; TypeError for a malformed date or a
 * missing `today` that is needed.
 */
export function dateWindow(
  given: { oldest?: string | undefined; newest?: string | undefined },
  defaults: DateWindowDefaults,
): DateWindow {
  const { oldest: start, newest: end } = given;
  for (const [name, value] of [
    ["oldest", start],
    ["newest", end],
    ["today", defaults.today],
  ] as const) {
    if (value !== undefined && !isCalendarDate(value)) {
      throw new TypeError(`${name} must be a date like 2024-05-01, got ${JSON.stringify(value)}.`);
    }
  }
  if (start !== undefined && end !== undefined) {
    if (end < start) throw new RangeError(`newest ${end} is before oldest ${start}; give a later newest.`);
    return { oldest: start, newest: end };
  }
  const today = defaults.today;
  if (today === undefined) throw new TypeError("dateWindow needs defaults.today when an end is missing.");
  const span = defaults.daysBefore + defaults.daysAfter;
  const defaultOldest = addDays(today, -defaults.daysBefore);
  const defaultNewest = addDays(today, defaults.daysAfter);
  if (start !== undefined)
    return { oldest: start, newest: start <= today ? defaultNewest : addDays(start, span) };
  if (end !== undefined) return { oldest: end >= today ? defaultOldest : addDays(end, -span), newest: end };
  return { oldest: defaultOldest, newest: defaultNewest };
}
