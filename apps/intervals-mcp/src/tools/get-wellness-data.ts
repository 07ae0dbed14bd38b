import type { Wellness } from "@mcp-connectors/intervals-icu";
import { defineTool } from "@mcp-connectors/tool-builder";
import { z } from "zod";
import { notes, notesShape, round, skippedNote } from "../format.js";
import { athleteId, dateRange } from "../schemas.js";
import { resolveWindow } from "../window.js";
import { type IntervalsTool, readAnnotations } from "./define.js";

/** The groups a day is shown in, and for each reported name the API field (and unit conversion) behind it. */
const groups: Record<string, Record<string, [field: keyof Wellness, scale?: number, digits?: number]>> = {
  load: { ctl: ["ctl"], atl: ["atl"], ramp_rate: ["rampRate"], load: ["ctlLoad", 1, 0] },
  vitals: {
    resting_hr_bpm: ["restingHR", 1, 0],
    hrv_ms: ["hrv", 1, 0],
    hrv_sdnn_ms: ["hrvSDNN", 1, 0],
    avg_sleeping_hr_bpm: ["avgSleepingHR", 1, 0],
    spo2_pct: ["spO2"],
    systolic_mmhg: ["systolic", 1, 0],
    diastolic_mmhg: ["diastolic", 1, 0],
    respiration_bpm: ["respiration"],
    readiness: ["readiness", 1, 0],
  },
  sleep: {
    sleep_hours: ["sleepSecs", 1 / 3600, 2],
    sleep_score: ["sleepScore", 1, 0],
    sleep_quality: ["sleepQuality", 1, 0],
  },
  subjective: {
    soreness: ["soreness"],
    fatigue: ["fatigue"],
    stress: ["stress"],
    mood: ["mood"],
    motivation: ["motivation"],
    injury: ["injury"],
  },
  body: {
    weight_kg: ["weight"],
    body_fat_pct: ["bodyFat"],
    vo2max: ["vo2max"],
    steps: ["steps", 1, 0],
    kcal_consumed: ["kcalConsumed", 1, 0],
    hydration_l: ["hydrationVolume"],
  },
};

type WellnessDay = { date: string; [group: string]: unknown };

/** One day with only the values it has, grouped; undefined when it has none. */
export function wellnessDay(record: Wellness): WellnessDay | undefined {
  const day: WellnessDay = { date: record.id };
  for (const [group, fields] of Object.entries(groups)) {
    const values: Record<string, number> = {};
    for (const [name, [field, scale = 1, digits = 1]] of Object.entries(fields)) {
      const value = record[field];
      if (typeof value === "number") values[name] = round(value * scale, digits) ?? value;
    }
    if (Object.keys(values).length > 0) day[group] = values;
  }
  if (record.comments) day.comments = record.comments;
  return Object.keys(day).length > 1 ? day : undefined;
}

/** `2025-06-01 | load: ctl 55.2, atl 60.1 | vitals: resting_hr_bpm 48 | comments: …` */
function renderDay(day: Record<string, unknown>): string {
  const parts = Object.entries(day).map(([key, value]) =>
    key === "date"
      ? String(value)
      : typeof value === "object" && value !== null
        ? `${key}: ${Object.entries(value)
            .map(([name, number]) => `${name} ${number}`)
            .join(", ")}`
        : `${key}: ${String(value)}`,
  );
  return parts.join(" | ");
}

const groupNames = Object.keys(groups) as [string, ...string[]];

/** A wellness day as the tools return it: each group holds the values it has, by the names above. */
export const wellnessDayShape = z.object({
  date: z.string(),
  ...Object.fromEntries(
    Object.entries(groups).map(([group, fields]) => [
      group,
      z
        .object(Object.fromEntries(Object.keys(fields).map((name) => [name, z.number().optional()])))
        .optional(),
    ]),
  ),
  comments: z.string().optional(),
});

export const getWellnessData: IntervalsTool = (connection) =>
  defineTool({
    name: "get_wellness_data",
    title: "Wellness data",
    description:
      "Daily wellness, only values present, grouped: load, vitals, sleep, subjective (1 best-4 worst), body.",
    input: z.object({
      ...dateRange("7 days ago", "today"),
      fields: z.array(z.enum(groupNames)).min(1).optional().describe("only these groups"),
      athlete_id: athleteId,
    }),
    output: z.object({
      start_date: z.string(),
      end_date: z.string(),
      days: z.array(wellnessDayShape),
      notes: notesShape,
    }),
    annotations: readAnnotations,
    render: ({ start_date, end_date, days }) =>
      [`wellness ${start_date} to ${end_date}: ${days.length} days`, ...days.map(renderDay)].join("\n"),
    handler: async (input, context) => {
      const session = connection.open(context, input.athlete_id);
      const window = await resolveWindow(input, { before: 7, after: 0 }, session.today);
      const records = await session.client.wellness.list(window, { signal: session.signal });
      const wanted = input.fields;
      const days = records
        .map(wellnessDay)
        .filter((day) => day !== undefined)
        .map((day) =>
          wanted
            ? {
                ...Object.fromEntries(Object.entries(day).filter(([key]) => wanted.includes(key))),
                date: day.date,
              }
            : day,
        )
        .filter((day) => Object.keys(day).length > 1);
      return { start_date: window.oldest, end_date: window.newest, days, notes: notes(skippedNote(records)) };
    },
  });
