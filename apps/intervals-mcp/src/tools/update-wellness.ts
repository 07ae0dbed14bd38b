import type { WellnessUpdate } from "@mcp-connectors/intervals-icu";
import { defineTool, InvalidInputError } from "@mcp-connectors/tool-builder";
import { z } from "zod";
import { athleteId, localDate } from "../schemas.js";
import { type IntervalsTool, upsertAnnotations } from "./define.js";
import { wellnessDay, wellnessDayShape } from "./get-wellness-data.js";

const score = z.number().int().min(1).max(4);

export const updateWellness: IntervalsTool = (connection) =>
  defineTool({
    name: "update_wellness",
    title: "Record wellness",
    description: "Records one day's wellness values (only those given). Scores: 1 best to 4 worst.",
    input: z.object({
      date: localDate.describe("YYYY-MM-DD"),
      weight: z.number().min(20).max(300).optional().describe("kg"),
      resting_hr: z.number().int().min(20).max(150).optional().describe("bpm"),
      hrv: z.number().min(1).max(300).optional().describe("rMSSD, ms"),
      sleep_hours: z.number().min(0).max(24).optional(),
      sleep_quality: score.optional(),
      soreness: score.optional(),
      fatigue: score.optional(),
      stress: score.optional(),
      mood: score.optional(),
      motivation: score.optional(),
      comments: z.string().max(2000).optional(),
      athlete_id: athleteId,
    }),
    output: wellnessDayShape,
    annotations: upsertAnnotations,
    handler: async ({ date, athlete_id, ...values }, context) => {
      const update: WellnessUpdate = {
        weight: values.weight,
        restingHR: values.resting_hr,
        hrv: values.hrv,
        sleepSecs: values.sleep_hours === undefined ? undefined : Math.round(values.sleep_hours * 3600),
        sleepQuality: values.sleep_quality,
        soreness: values.soreness,
        fatigue: values.fatigue,
        stress: values.stress,
        mood: values.mood,
        motivation: values.motivation,
        comments: values.comments,
      };
      const given = Object.fromEntries(Object.entries(update).filter(([, value]) => value !== undefined));
      if (Object.keys(given).length === 0) {
        throw new InvalidInputError(
          "values",
          "give at least one value to record, such as weight or sleep_hours.",
        );
      }
      const session = connection.open(context, athlete_id);
      const stored = await session.client.wellness.update(date, given, { signal: session.signal });
      return wellnessDay(stored) ?? { date };
    },
  });
