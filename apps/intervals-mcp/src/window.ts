import { type DateWindow, dateWindow } from "@mcp-connectors/intervals-icu";
import { InvalidInputError } from "@mcp-connectors/tool-builder";

/** The longest window one call reads, in days: three years, ample for a review and bounded for the API. */
export const MAX_WINDOW_DAYS = 1_096;

/**
 * The window a tool reads: the dates given, or the client's `dateWindow` defaults around the athlete's
 * today (`before` days back to `after` days ahead); today is fetched only when an end is missing.
 */
export async function resolveWindow(
  input: { start_date?: string | undefined; end_date?: string | undefined },
  defaults: { before: number; after: number },
  today: () => Promise<string>,
): Promise<DateWindow> {
  const given = { oldest: input.start_date, newest: input.end_date };
  const open = given.oldest === undefined || given.newest === undefined;
  let window: DateWindow;
  try {
    window = dateWindow(given, {
      today: open ? await today() : undefined,
      daysBefore: defaults.before,
      daysAfter: defaults.after,
    });
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw new InvalidInputError(
      "end_date",
      `${given.newest} is before start_date ${given.oldest}; give a later end_date.`,
    );
  }
  const days = (Date.parse(window.newest) - Date.parse(window.oldest)) / 86_400_000 + 1;
  if (days > MAX_WINDOW_DAYS) {
    throw new InvalidInputError(
      given.oldest === undefined ? "end_date" : "start_date",
      `${window.oldest} … ${window.newest} spans ${days} days; one call reads at most ${MAX_WINDOW_DAYS} (three years). Give a later start_date or an earlier end_date.`,
    );
  }
  return window;
}
