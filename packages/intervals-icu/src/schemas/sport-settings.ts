import { z } from "zod";
import { apiId, apiNumber, apiNumberArray, apiString } from "./common.js";

/**
 * Thresholds and zones of one group of sports. `ftp`/`indoor_ftp` W, `lthr` and `max_hr` bpm,
 * `threshold_pace` m/s; `power_zones` are % of FTP, `hr_zones` bpm upper bounds, `pace_zones` % of
 * threshold pace.
 */
export const sportSettingsSchema = z.looseObject({
  id: apiId,
  types: z
    .array(z.string())
    .nullish()
    .transform((types) => types ?? []),
  ftp: apiNumber,
  indoor_ftp: apiNumber,
  w_prime: apiNumber,
  p_max: apiNumber,
  lthr: apiNumber,
  max_hr: apiNumber,
  threshold_pace: apiNumber,
  pace_units: apiString,
  power_zones: apiNumberArray,
  power_zone_names: z.array(z.string()).nullish(),
  hr_zones: apiNumberArray,
  hr_zone_names: z.array(z.string()).nullish(),
  pace_zones: apiNumberArray,
  pace_zone_names: z.array(z.string()).nullish(),
  sweet_spot_min: apiNumber,
  sweet_spot_max: apiNumber,
  warmup_time: apiNumber,
  cooldown_time: apiNumber,
});

export type SportSettings = z.output<typeof sportSettingsSchema>;
