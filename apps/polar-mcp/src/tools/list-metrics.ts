import { METRICS } from "@mcp-connectors/polar-metrics";
import { defineTool } from "@mcp-connectors/tool-builder";
import { z } from "zod";
import { unit } from "../results.js";
import type { PolarTool } from "./define.js";

/** The metric catalog, so the model can pick slugs; answered locally, no token needed. */
export const listMetrics: PolarTool = () =>
  defineTool({
    name: "list_metrics",
    title: "List metrics",
    description:
      "All Polar metric slugs with name, unit (cents = USD cents, fraction = 0.25 is 25%), how totals fold periods, and polarity.",
    input: z.strictObject({}),
    output: z.object({
      metrics: z.array(
        z.object({
          slug: z.string(),
          name: z.string(),
          unit,
          aggregation: z.enum(["sum", "last", "ratio"]),
          polarity: z.enum(["higher_is_better", "lower_is_better"]),
        }),
      ),
    }),
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    handler: () => ({
      metrics: METRICS.map(({ slug, name, unit, aggregation, polarity }) => ({
        slug,
        name,
        unit,
        aggregation,
        polarity,
      })),
    }),
    render: ({ metrics }) =>
      [
        `${metrics.length} metrics (total: sum of periods, last period, or ratio of sums; ↓ = lower is better):`,
        ...metrics.map(
          (metric) =>
            `${metric.slug} | ${metric.name} | ${metric.unit} | ${metric.aggregation}${metric.polarity === "lower_is_better" ? " | ↓" : ""}`,
        ),
      ].join("\n"),
  });
