import { z } from "zod";
import { apiNumber, apiNumberArray, apiString } from "./common.js";

const curveBase = {
  /** Curve id as requested: `90d`, `1y`, `all`, `s0` (this season), `r.2024-01-01.2024-03-31`, … */
  id: z.string(),
  label: apiString,
  start_date_local: apiString,
  end_date_local: apiString,
  days: apiNumber,
  values: apiNumberArray.transform((values) => values ?? []),
  activity_id: z.array(z.string().nullable()).nullish(),
};

/** Best power per duration: `secs[i]` seconds at `values[i]` watts. */
export const powerCurveSchema = z.looseObject({
  ...curveBase,
  secs: apiNumberArray.transform((secs) => secs ?? []),
  watts_per_kg: apiNumberArray,
});

/** Best heart rate per duration: `secs[i]` seconds at `values[i]` bpm. */
export const heartRateCurveSchema = z.looseObject({
  ...curveBase,
  secs: apiNumberArray.transform((secs) => secs ?? []),
});

/** Best time per distance: `distance[i]` metres covered in `values[i]` seconds. */
export const paceCurveSchema = z.looseObject({
  ...curveBase,
  distance: apiNumberArray.transform((distance) => distance ?? []),
});

export type PowerCurve = z.output<typeof powerCurveSchema>;
export type HeartRateCurve = z.output<typeof heartRateCurveSchema>;
export type PaceCurve = z.output<typeof paceCurveSchema>;

function curveSet<Curve extends z.ZodType>(curve: Curve) {
  return z.looseObject({
    list: z.array(curve),
    activities: z.record(z.string(), z.unknown()).nullish(),
  });
}

export const powerCurveSetSchema = curveSet(powerCurveSchema);
export const heartRateCurveSetSchema = curveSet(heartRateCurveSchema);
export const paceCurveSetSchema = curveSet(paceCurveSchema);
