import { formatPace, paceAt, paceUnitForSport } from "@mcp-connectors/intervals-icu";
import { defineTool } from "@mcp-connectors/tool-builder";
import { z } from "zod";
import { num, round, str } from "../format.js";
import { paceUnitsFor } from "../preferences.js";
import { curveId, curveInput } from "./curve-input.js";
import { type IntervalsTool, readAnnotations } from "./define.js";

export const getPaceCurves: IntervalsTool = (connection) =>
  defineTool({
    name: "get_pace_curves",
    title: "Pace curve",
    description:
      "Fastest time (s) and pace over each distance (m) in a period, with the activity that set it.",
    input: z.object({
      ...curveInput("Run"),
      distances: z
        .array(z.number().min(50).max(300_000))
        .min(1)
        .max(30)
        .optional()
        .describe("metres; default 400 m to marathon"),
      gap: z.boolean().default(false).describe("use grade-adjusted pace"),
    }),
    output: z.object({
      sport: z.string(),
      period: z.string(),
      best: z.array(
        z.object({ distance_m: z.number(), time_s: num, pace: str, activity_id: str.describe("set it") }),
      ),
    }),
    annotations: readAnnotations,
    handler: async (input, context) => {
      const session = connection.open(context, input.athlete_id);
      const period = await curveId(input, session);
      const set = await session.client.curves.pace(
        { type: input.sport, curves: [period], gap: input.gap },
        { signal: session.signal },
      );
      const curve = set.list[0];
      const unit =
        paceUnitForSport(input.sport, (await paceUnitsFor(session, [input.sport]))(input.sport)) ?? "km";
      const points = curve ? paceAt(curve, input.distances) : [];
      return {
        sport: input.sport,
        period,
        best: points
          .filter((point) => point.seconds !== null)
          .map((point) => ({
            distance_m: point.at,
            time_s: round(point.seconds, 0),
            pace: point.metresPerSecond ? formatPace(point.metresPerSecond, unit) : undefined,
            activity_id: point.activityId ?? undefined,
          })),
      };
    },
  });
