import { dateRangeCurveId } from "@mcp-connectors/intervals-icu";
import { z } from "zod";
import type { Session } from "../connection.js";
import { athleteId, localDate, sport } from "../schemas.js";
import { resolveWindow } from "../window.js";

const periods = ["7d", "42d", "90d", "1y", "all", "s0", "s1"] as const;

/** The arguments every curve tool takes: a sport and a period (or a date range). */
export function curveInput(defaultSport: string) {
  return {
    sport: sport.default(defaultSport),
    period: z.enum(periods).default("90d").describe("s0 this season, s1 last; dates override"),
    start_date: localDate.optional().describe("YYYY-MM-DD"),
    end_date: localDate.optional().describe("YYYY-MM-DD; default today"),
    athlete_id: athleteId,
  };
}

/** The curve id to ask for, and the period it is reported as. */
export async function curveId(
  input: { period: string; start_date?: string | undefined; end_date?: string | undefined },
  session: Session,
): Promise<string> {
  if (input.start_date === undefined && input.end_date === undefined) return input.period;
  const window = await resolveWindow(input, { before: 90, after: 0 }, session.today);
  return dateRangeCurveId(window.oldest, window.newest);
}
