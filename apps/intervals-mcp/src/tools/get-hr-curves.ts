import { curveAt, standardDurations } from "@mcp-connectors/intervals-icu";
import { defineTool } from "@mcp-connectors/tool-builder";
import { z } from "zod";
import { num, round, str } from "../format.js";
import { curveId, curveInput } from "./curve-input.js";
import { type IntervalsTool, readAnnotations } from "./define.js";

export const getHrCurves: IntervalsTool = (connection) =>
  defineTool({
    name: "get_hr_curves",
    title: "Heart-rate curve",
    description: "Highest heart rate (bpm) sustained for each duration (s) in a period, with the activity.",
    input: z.object({
      ...curveInput("Ride"),
      durations: z
        .array(z.number().int().min(1).max(86_400))
        .min(1)
        .max(30)
        .optional()
        .describe("seconds; default 5 s to 1 h"),
    }),
    output: z.object({
      sport: z.string(),
      period: z.string(),
      best: z.array(z.object({ duration_s: z.number(), bpm: num, activity_id: str.describe("set it") })),
    }),
    annotations: readAnnotations,
    handler: async (input, context) => {
      const session = connection.open(context, input.athlete_id);
      const period = await curveId(input, session);
      const set = await session.client.curves.heartRate(
        { type: input.sport, curves: [period] },
        { signal: session.signal },
      );
      const curve = set.list[0];
      const points = curve
        ? curveAt(curve.secs, curve.values, input.durations ?? standardDurations, curve.activity_id)
        : [];
      return {
        sport: input.sport,
        period,
        best: points
          .filter((point) => point.value !== null)
          .map((point) => ({
            duration_s: point.at,
            bpm: round(point.value, 0),
            activity_id: point.activityId ?? undefined,
          })),
      };
    },
  });
