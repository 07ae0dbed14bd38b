import { curveAt, standardDurations } from "@mcp-connectors/intervals-icu";
import { defineTool } from "@mcp-connectors/tool-builder";
import { z } from "zod";
import { num, round, str } from "../format.js";
import { curveId, curveInput } from "./curve-input.js";
import { type IntervalsTool, readAnnotations } from "./define.js";

export const getPowerCurves: IntervalsTool = (connection) =>
  defineTool({
    name: "get_power_curves",
    title: "Power curve",
    description:
      "Best power (W and W/kg) held for each duration (s) in a period, with the activity that set it.",
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
      best: z.array(
        z.object({ duration_s: z.number(), watts: num, w_per_kg: num, activity_id: str.describe("set it") }),
      ),
    }),
    annotations: readAnnotations,
    handler: async (input, context) => {
      const session = connection.open(context, input.athlete_id);
      const period = await curveId(input, session);
      const set = await session.client.curves.power(
        { type: input.sport, curves: [period] },
        { signal: session.signal },
      );
      const curve = set.list[0];
      const targets = input.durations ?? standardDurations;
      const watts = curve ? curveAt(curve.secs, curve.values, targets, curve.activity_id) : [];
      const perKg = curve?.watts_per_kg ? curveAt(curve.secs, curve.watts_per_kg, targets) : [];
      return {
        sport: input.sport,
        period,
        best: watts
          .map((point, index) => ({
            duration_s: point.at,
            watts: round(point.value, 0),
            w_per_kg: round(perKg[index]?.value, 2),
            activity_id: point.activityId ?? undefined,
          }))
          .filter((point) => point.watts !== undefined),
      };
    },
  });
