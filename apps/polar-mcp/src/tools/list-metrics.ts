import { describePeriodRule, METRICS } from "@mcp-connectors/polar-metrics";
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
      "All Polar metric slugs with name, unit (cents = USD cents, fraction = 0.25 is 25%), how a total over a range is formed, and polarity.",
    input: z.strictObject({}),
    output: z.object({
      metrics: z.array(
        z.object({
          slug: z.string(),
          name: z.string(),
          unit,
          aggregation: z.enum(["sum", "last", "ratio"]),
          /** How this server forms the metric over a range: sum, value at the end, a ratio of parts, or no figure. */
          over_range: z.string(),
          polarity: z.enum(["higher_is_better", "lower_is_better"]),
        }),
      ),
    }),
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    handler: () => ({
      metrics: METRICS.map((metric) => ({
        slug: metric.slug,
        name: metric.name,
        unit: metric.unit,
        aggregation: metric.aggregation,
        over_range: describePeriodRule(metric),
        polarity: metric.polarity,
      })),
    }),
    render: ({ metrics }) =>
      [
        `${metrics.length} metrics (slug | name | unit | over a range; ↓ = lower is better):`,
        ...metrics.map(
          (metric) =>
            `${metric.slug} | ${metric.name} | ${metric.unit} | ${metric.over_range}${metric.polarity === "lower_is_better" ? " | ↓" : ""}`,
        ),
      ].join("\n"),
  });
