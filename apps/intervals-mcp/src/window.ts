import { addDays } from "@mcp-connectors/intervals-icu";
import { InvalidInputError } from "@mcp-connectors/tool-builder";

/** A window of athlete-local dates, both ends included. */
export interface DateWindow {
  oldest: string;
  newest: string;
}

/**
 * The window a tool reads: the dates given, or defaults around the athlete's today (`before` days back to
 * `after` days ahead). With only one end given, the other is the default when that makes a window, so
 * "since January" runs to today, and otherwise keeps the default span: "from next Monday" covers the
 * usual span after it, "until last March" the usual span before it.
 * Workaround until the client offers a date-window helper (see /work/notes/intervals-client-requests.md).
 */
export async function resolveWindow(
  input: { start_date?: string | undefined; end_date?: string | undefined },
  defaults: { before: number; after: number },
  today: () => Promise<string>,
): Promise<DateWindow> {
  const { start_date: start, end_date: end } = input;
  const span = defaults.before + defaults.after;
  const now = start === undefined || end === undefined ? await today() : "";
  const oldest =
    start ?? (end === undefined || end >= now ? addDays(now, -defaults.before) : addDays(end, -span));
  const newest =
    end ?? (start === undefined || start <= now ? addDays(now, defaults.after) : addDays(start, span));
  if (newest < oldest) {
    throw new InvalidInputError(
      "end_date",
      `${newest} is before start_date ${oldest}; give a later end_date.`,
    );
  }
  return { oldest, newest };
}
