import { z } from "zod";
import { apiString } from "./common.js";

const sample = z.union([z.number(), z.string()]).transform((value) => {
  const number = typeof value === "number" ? value : Number(value);
  return Number.isFinite(number) ? number : null;
});

/**
 * One recorded stream of an activity, one sample per `time` entry. `latlng` keeps latitude in `data` and
 * longitude in `data2`; the first samples of `distance` and `altitude` are often `null`.
 */
export const activityStreamSchema = z.looseObject({
  /** Stream type, e.g. `time` (s), `watts` (W), `heartrate` (bpm), `cadence`, `distance` (m), `altitude` (m), `velocity_smooth` (m/s). */
  type: z.string(),
  name: apiString,
  data: z
    .array(sample.nullable())
    .nullish()
    .transform((data) => data ?? []),
  data2: z.array(sample.nullable()).nullish(),
  valueType: apiString,
});

export type ActivityStream = z.output<typeof activityStreamSchema>;
