import { z } from "zod";
import { apiBoolean, apiNumber, apiString } from "./common.js";

/** Calendar event categories the API knows. */
export const eventCategories = [
  "WORKOUT",
  "RACE_A",
  "RACE_B",
  "RACE_C",
  "NOTE",
  "PLAN",
  "HOLIDAY",
  "SICK",
  "INJURED",
  "SET_EFTP",
  "FITNESS_DAYS",
  "SEASON_START",
  "TARGET",
  "SET_FITNESS",
] as const;

export type EventCategory = (typeof eventCategories)[number];

/**
 * A calendar event: planned workout, race, note… `start_date_local` is athlete-local
 * (`YYYY-MM-DDT00:00:00` for all-day events). `description` holds workouts as Intervals.icu workout text
 * and `workout_doc` the API's parse of it. Units: `moving_time` s, `distance` m, `icu_training_load` points.
 */
export const eventSchema = z.looseObject({
  id: z.number(),
  start_date_local: z.string(),
  end_date_local: apiString,
  category: z.string(),
  name: apiString,
  description: apiString,
  type: apiString,
  indoor: apiBoolean,
  color: apiString,
  moving_time: apiNumber,
  distance: apiNumber,
  icu_training_load: apiNumber,
  icu_intensity: apiNumber,
  icu_ftp: apiNumber,
  external_id: apiString,
  uid: apiString,
  paired_activity_id: apiString,
  workout_doc: z.looseObject({}).nullish(),
  tags: z.array(z.string()).nullish(),
  updated: apiString,
});

export type Event = z.output<typeof eventSchema>;

/** What `events.create`, `events.update` and `events.upsert` send. */
export interface EventInput {
  category: EventCategory;
  /** Athlete-local day (`YYYY-MM-DD`) or date-time (`YYYY-MM-DDTHH:MM:SS`). */
  start_date_local: string;
  name?: string;
  /** Sport, e.g. `Ride`, `Run`, `Swim`. */
  type?: string;
  /**
   * Notes, or for workouts the Intervals.icu workout text, e.g.
   * `"- 10m 60%\n\n3x\n- 8m 95-100%\n- 4m 55%\n\n- 10m 55%"`.
   */
  description?: string;
  /** Planned duration, seconds. */
  moving_time?: number;
  /** Planned distance, metres. */
  distance?: number;
  /** Planned training load, points. */
  icu_training_load?: number;
  indoor?: boolean;
  color?: string;
  /** Your own id for the event; `events.upsert` uses it to find the event again. */
  external_id?: string;
  /** Any other event field the API accepts. */
  [field: string]: unknown;
}

/** Identifies an event to delete in bulk: by the API's id or by your `external_id`. */
export type EventReference = { id: number } | { external_id: string };

export const deleteEventsResponseSchema = z.looseObject({ eventsDeleted: apiNumber });
