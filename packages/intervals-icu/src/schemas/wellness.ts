import { z } from "zod";
import { apiBoolean, apiNumber, apiString } from "./common.js";

/**
 * One day of wellness data (`id` is the athlete-local date `YYYY-MM-DD`). Load: `ctl` fitness, `atl`
 * fatigue, `rampRate` CTL change over 7 days, `ctlLoad`/`atlLoad` the day's load fed into each. Vitals:
 * `restingHR` bpm, `hrv` rMSSD ms (`hrvSDNN` from Apple devices), `weight` kg, `sleepSecs` s. Subjective
 * scores run 1 (best) to 4 (worst) for soreness, fatigue, stress, mood, motivation.
 */
export const wellnessSchema = z.looseObject({
  id: z.string(),
  ctl: apiNumber,
  atl: apiNumber,
  rampRate: apiNumber,
  ctlLoad: apiNumber,
  atlLoad: apiNumber,
  sportInfo: z.array(z.looseObject({ type: z.string(), eftp: apiNumber })).nullish(),
  weight: apiNumber,
  restingHR: apiNumber,
  hrv: apiNumber,
  hrvSDNN: apiNumber,
  sleepSecs: apiNumber,
  sleepScore: apiNumber,
  sleepQuality: apiNumber,
  avgSleepingHR: apiNumber,
  soreness: apiNumber,
  fatigue: apiNumber,
  stress: apiNumber,
  mood: apiNumber,
  motivation: apiNumber,
  injury: apiNumber,
  spO2: apiNumber,
  systolic: apiNumber,
  diastolic: apiNumber,
  readiness: apiNumber,
  bodyFat: apiNumber,
  vo2max: apiNumber,
  steps: apiNumber,
  respiration: apiNumber,
  kcalConsumed: apiNumber,
  hydrationVolume: apiNumber,
  comments: apiString,
  locked: apiBoolean,
  updated: apiString,
});

export type Wellness = z.output<typeof wellnessSchema>;

/** Fields `wellness.update` can write; send only the ones to change (`null` clears a value). */
export interface WellnessUpdate {
  /** Body weight, kg. */
  weight?: number | null;
  /** Resting heart rate, bpm. */
  restingHR?: number | null;
  /** Heart-rate variability (rMSSD), ms. */
  hrv?: number | null;
  /** Heart-rate variability (SDNN), ms. */
  hrvSDNN?: number | null;
  /** Sleep duration, seconds. */
  sleepSecs?: number | null;
  sleepScore?: number | null;
  /** 1 great … 4 poor. */
  sleepQuality?: number | null;
  /** 1 low … 4 extreme. */
  soreness?: number | null;
  /** 1 low … 4 extreme. */
  fatigue?: number | null;
  /** 1 low … 4 extreme. */
  stress?: number | null;
  /** 1 great … 4 grumpy. */
  mood?: number | null;
  /** 1 extreme … 4 low. */
  motivation?: number | null;
  injury?: number | null;
  spO2?: number | null;
  systolic?: number | null;
  diastolic?: number | null;
  bodyFat?: number | null;
  steps?: number | null;
  kcalConsumed?: number | null;
  comments?: string | null;
  /** Any other wellness field the API accepts. */
  [field: string]: unknown;
}
