import { z } from "zod";
import { apiId, apiNumber, apiString } from "./common.js";

/**
 * One interval of an activity. Units as on activities; `average_gradient` is a fraction (0.05 = 5 %),
 * `total_elevation_gain` m, `gap` (grade-adjusted speed) m/s, `wbal_start`/`wbal_end` J, `zone` the
 * power zone number, `training_load` points; `type` is `WORK` or `RECOVERY`.
 */
export const intervalSchema = z.looseObject({
  id: apiNumber,
  type: apiString,
  label: apiString,
  group_id: apiString,
  start_index: apiNumber,
  end_index: apiNumber,
  start_time: apiNumber,
  end_time: apiNumber,
  moving_time: apiNumber,
  elapsed_time: apiNumber,
  distance: apiNumber,
  average_watts: apiNumber,
  weighted_average_watts: apiNumber,
  max_watts: apiNumber,
  intensity: apiNumber,
  training_load: apiNumber,
  zone: apiNumber,
  average_heartrate: apiNumber,
  max_heartrate: apiNumber,
  average_cadence: apiNumber,
  average_speed: apiNumber,
  max_speed: apiNumber,
  gap: apiNumber,
  total_elevation_gain: apiNumber,
  average_gradient: apiNumber,
  decoupling: apiNumber,
  wbal_start: apiNumber,
  wbal_end: apiNumber,
  /** Work done in the interval, J. */
  joules: apiNumber,
  average_temp: apiNumber,
  /** Run stride length, m. */
  average_stride: apiNumber,
});

export type Interval = z.output<typeof intervalSchema>;

/** A group of similar intervals (e.g. the four reps of 4×8 min). */
export const intervalGroupSchema = z.looseObject({
  id: apiString,
  count: apiNumber,
  start_index: apiNumber,
  moving_time: apiNumber,
  elapsed_time: apiNumber,
  distance: apiNumber,
  average_watts: apiNumber,
  average_heartrate: apiNumber,
  average_cadence: apiNumber,
  average_speed: apiNumber,
  intensity: apiNumber,
});

export type IntervalGroup = z.output<typeof intervalGroupSchema>;

/** `GET /activity/{id}/intervals`. */
export const activityIntervalsSchema = z.looseObject({
  id: apiId,
  analyzed: apiString,
  icu_intervals: z
    .array(intervalSchema)
    .nullish()
    .transform((list) => list ?? []),
  icu_groups: z
    .array(intervalGroupSchema)
    .nullish()
    .transform((list) => list ?? []),
});

export type ActivityIntervals = z.output<typeof activityIntervalsSchema>;
