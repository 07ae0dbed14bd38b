import { type DateWindow, dateWindow } from "@mcp-connectors/intervals-icu";
import { InvalidInputError } from "@mcp-connectors/tool-builder";

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
  try {
    return dateWindow(given, {
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
}
