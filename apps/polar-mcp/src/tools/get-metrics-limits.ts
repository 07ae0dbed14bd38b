import { INTERVALS } from "@mcp-connectors/polar-metrics";
import { defineTool } from "@mcp-connectors/tool-builder";
import { z } from "zod";
import { type PolarTool, readAnnotations } from "./define.js";

/** The API's earliest date and longest span per interval. */
export const getMetricsLimits: PolarTool = (connection) =>
  defineTool({
    name: "get_metrics_limits",
    title: "Get metrics limits",
    description:
      "Polar's earliest metrics date and the longest range (days) per interval; longer ranges are split automatically.",
    input: z.strictObject({}),
    output: z.object({
      min_date: z.string(),
      intervals: z.array(z.object({ interval: z.string(), min_days: z.number(), max_days: z.number() })),
    }),
    annotations: readAnnotations,
    handler: async (_input, context) => {
      const limits = await connection.client(context).metrics.limits(context.signal);
      return {
        min_date: limits.min_date,
        intervals: INTERVALS.map((interval) => ({ interval, ...limits.intervals[interval] })),
      };
    },
  });
