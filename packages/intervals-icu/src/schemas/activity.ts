import { z } from "zod";
import { apiBoolean, apiId, apiNumber, apiNumberArray, apiString } from "./common.js";
import { intervalSchema } from "./intervals.js";

/**
 * One activity (`GET /activity/{id}` and list rows). Units: distance m, time s, speed m/s, power W,
 * heart rate bpm, run cadence strides/min, load in training-load points. Keys not listed are kept.
 */
export const activitySchema = z.looseObject({
  id: apiId,
  /** Start in the athlete's local time, `YYYY-MM-DDTHH:MM:SS`. */
  start_date_local: z.string(),
  /** Start in UTC, ISO 8601 with `Z`. */
  start_date: apiString,
  type: apiString,
  name: apiString,
  description: apiString,
  source: apiString,
  moving_time: apiNumber,
  elapsed_time: apiNumber,
  distance: apiNumber,
  total_elevation_gain: apiNumber,
  average_speed: apiNumber,
  max_speed: apiNumber,
  pace: apiNumber,
  gap: apiNumber,
  average_heartrate: apiNumber,
  max_heartrate: apiNumber,
  average_cadence: apiNumber,
  icu_average_watts: apiNumber,
  icu_weighted_avg_watts: apiNumber,
  icu_ftp: apiNumber,
  icu_training_load: apiNumber,
  icu_intensity: apiNumber,
  icu_ctl: apiNumber,
  icu_atl: apiNumber,
  icu_rpe: apiNumber,
  perceived_exertion: apiNumber,
  feel: apiNumber,
  calories: apiNumber,
  trimp: apiNumber,
  decoupling: apiNumber,
  icu_efficiency_factor: apiNumber,
  icu_variability_index: apiNumber,
  trainer: apiBoolean,
  commute: apiBoolean,
  race: apiBoolean,
  lthr: apiNumber,
  athlete_max_hr: apiNumber,
  icu_hr_zones: apiNumberArray,
  icu_power_zones: apiNumberArray,
  icu_hr_zone_times: apiNumberArray,
  icu_zone_times: z.array(z.looseObject({ id: z.string(), secs: apiNumber })).nullish(),
  pace_zone_times: apiNumberArray,
  gear: z.looseObject({ id: apiId.nullish(), name: apiString, distance: apiNumber }).nullish(),
  paired_event_id: apiNumber,
  interval_summary: z.array(z.string()).nullish(),
  stream_types: z.array(z.string()).nullish(),
  device_name: apiString,
  SWOLF: apiNumber,
  /** Work done, J. */
  icu_joules: apiNumber,
  icu_joules_above_ftp: apiNumber,
  /** Deepest W′ balance depletion, J. */
  icu_max_wbal_depletion: apiNumber,
  /** Training load from power, heart rate and pace, points; `hr_load_type` e.g. `HRSS`. */
  power_load: apiNumber,
  hr_load: apiNumber,
  pace_load: apiNumber,
  hr_load_type: apiString,
  pace_load_type: apiString,
  /** How much of the paired planned workout was done, %. */
  compliance: apiNumber,
  /** Device temperature, °C. */
  average_temp: apiNumber,
  min_temp: apiNumber,
  max_temp: apiNumber,
  /** Weather temperature at the activity, °C. */
  average_weather_temp: apiNumber,
  average_feels_like: apiNumber,
  /** Run stride length, m. */
  average_stride: apiNumber,
  session_rpe: apiNumber,
  polarization_index: apiNumber,
  icu_intervals: z.array(intervalSchema).nullish(),
});

/** An activity the API returned in full. */
export type Activity = z.output<typeof activitySchema>;

/**
 * An activity whose data the API will not give out: Strava forbids Intervals.icu from sharing activities
 * it synced from Strava. Only the id and start time are known; ask the athlete to upload the original file
 * or sync the device directly to Intervals.icu.
 */
export interface UnavailableActivity {
  unavailable: true;
  id: string;
  source: "STRAVA";
  /** Why the data is missing, in the API's words. */
  note: string;
  /** Start in the athlete's local time, when the API gave it. */
  start_date_local?: string | undefined;
  /** The sport, when the API gave it (the stubs seen so far do not). */
  type?: string | undefined;
}

export function unavailableActivity(
  id: string,
  note: string,
  startDateLocal?: string,
  type?: string,
): UnavailableActivity {
  return {
    unavailable: true,
    id,
    source: "STRAVA",
    note,
    start_date_local: startDateLocal,
    ...(type === undefined ? {} : { type }),
  };
}

/** True for the "not available through the API" result of a Strava-synced activity. */
export function isUnavailableActivity(value: unknown): value is UnavailableActivity {
  return (
    typeof value === "object" && value !== null && (value as { unavailable?: unknown }).unavailable === true
  );
}

const stravaNote = "STRAVA activities are not available via the API";

/**
 * An activity row as the unavailable result when it is the stub the API returns instead of a Strava-synced
 * activity (`{id, source: "STRAVA", _note, start_date_local}`, the schema the spec calls `Hidden`). One
 * schema, not a union, so a malformed value is reported against the activity's own field.
 */
function orStravaStub<
  Row extends { id: string; source?: string | null | undefined; start_date_local: string },
>(row: Row): Row | UnavailableActivity {
  if (row.source !== "STRAVA") return row;
  const { _note: note, type } = row as { _note?: unknown; type?: unknown };
  return unavailableActivity(
    row.id,
    typeof note === "string" ? note : stravaNote,
    row.start_date_local,
    typeof type === "string" ? type : undefined,
  );
}

export const activityOrStubSchema = activitySchema.transform(orStravaStub);

const activityListSchemas = new Map<string, z.ZodType<Array<Activity | UnavailableActivity>>>();
const LIST_SCHEMAS_KEPT = 32;

/**
 * The schema of an activity list whose rows carry only `fields` (the API sends just those). It
 * checks only those keys: a list of 60 summary rows validates in about 40% of the time the full activity
 * schema takes, where most of the 55 keys would be looked for and found missing. Keys the API sends beyond
 * `fields` pass unchecked. Built once per field list (the last 32 are kept).
 */
export function activityListSchema(
  fields?: readonly string[],
): z.ZodType<Array<Activity | UnavailableActivity>> {
  const key = fields?.join(",") ?? "";
  const cached = activityListSchemas.get(key);
  if (cached) return cached;
  const shape = activitySchema.shape;
  const wanted = fields?.filter((field): field is keyof typeof shape => field in shape);
  const row = wanted
    ? activitySchema.pick({
        id: true,
        start_date_local: true,
        source: true,
        ...Object.fromEntries(wanted.map((field) => [field, true])),
      } as { [K in keyof typeof shape]?: true })
    : activitySchema;
  const schema = z.array(row.transform(orStravaStub)) as z.ZodType<Array<Activity | UnavailableActivity>>;
  if (activityListSchemas.size >= LIST_SCHEMAS_KEPT) {
    activityListSchemas.delete(activityListSchemas.keys().next().value as string);
  }
  activityListSchemas.set(key, schema);
  return schema;
}

/** One hit of `activities.search`. */
export const activitySearchResultSchema = z.looseObject({
  id: apiId,
  name: apiString,
  start_date_local: apiString,
  type: apiString,
  race: apiBoolean,
  distance: apiNumber,
  moving_time: apiNumber,
  tags: z.array(z.string()).nullish(),
  description: apiString,
});

export type ActivitySearchResult = z.output<typeof activitySearchResultSchema>;
