import { eventCategories, isLocalDate } from "@mcp-connectors/intervals-icu";
import { z } from "zod";

/** An athlete-local calendar date. */
export const localDate = z
  .string()
  .refine(isLocalDate, "use a real calendar date written YYYY-MM-DD, e.g. 2025-06-01");

/** Coaches read another athlete; the default is the key's owner. */
export const athleteId = z
  .string()
  // A refinement, not a pattern: the rule is checked the same but costs no tokens in the tool list.
  .refine((id) => /^(0|i?\d{1,12})$/.test(id), "use an athlete id like i12345 (or 12345)")
  .optional()
  .describe("coaches: another athlete");

/** Activity ids look like `i12345678`; Strava-synced ones are plain digits. */
export const activityId = z
  .string()
  .refine((id) => /^i?\d{1,20}$/.test(id), "use an activity id like i12345678, as get_activities lists it")
  .describe("from get_activities");

/**
 * Calendar event ids are positive whole numbers; a string of plain digits is accepted too, and nothing else
 * is converted (no `"0x10"`, `"1e3"`, `true`).
 */
export const eventId = z
  .union([z.int().positive(), z.string().regex(/^[1-9]\d{0,14}$/)], {
    error: "use a numeric event id, as get_events lists it",
  })
  .transform(Number)
  .describe("numeric id from get_events");

export const eventCategory = z.enum(eventCategories);

/** Categories to keep; each at most once, so the list is never longer than the categories there are. */
export const eventCategoryList = z
  .array(eventCategory)
  .min(1)
  .max(eventCategories.length)
  .refine((list) => new Set(list).size === list.length, "name each category once");

/** Sport names as Intervals.icu writes them: `Ride`, `Run`, `VirtualRide`, `Swim`, … */
export const sport = z
  .string()
  .refine((name) => /^[A-Za-z]{2,40}$/.test(name), "use a sport name like Ride, Run or Swim")
  .describe("Ride, Run, Swim, …");

/** Optional start and end of a window of athlete-local dates. */
export function dateRange(startDefault: string, endDefault: string) {
  return {
    start_date: localDate.optional().describe(`YYYY-MM-DD; default ${startDefault}`),
    end_date: localDate.optional().describe(`YYYY-MM-DD; default ${endDefault}`),
  };
}
