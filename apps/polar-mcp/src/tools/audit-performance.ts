import { defineTool } from "@mcp-connectors/tool-builder";
import { z } from "zod";
import { changeResult, rangeResult, toChangeResult, toRangeResult } from "../results.js";
import { compareTo, endNotBeforeStart, metricNames, rangeFields, rangeParams } from "../schemas.js";
import { describeRange } from "../text.js";
import { type PolarTool, readAnnotations } from "./define.js";

/** The metrics an audit looks at unless told otherwise: sales, subscriptions, churn and conversion. */
export const KEY_METRICS = [
  "revenue",
  "net_revenue",
  "orders",
  "average_order_value",
  "monthly_recurring_revenue",
  "active_subscriptions",
  "churn_rate",
  "checkouts_conversion",
];

/** A range against the previous period or year, with the significant moves called out as good or bad. */
export const auditPerformance: PolarTool = (connection) =>
  defineTool({
    name: "audit_performance",
    title: "Audit performance",
    description:
      "Compares metrics (default: key sales and subscription metrics) over a range with the previous period or year; flags changes ≥ threshold_pct as good or bad by polarity.",
    input: z
      .object({
        metric_names: metricNames.optional(),
        ...rangeFields,
        compare_to: compareTo,
        threshold_pct: z.number().min(0).max(1000).default(10).describe("Percent change that counts"),
      })
      .superRefine(endNotBeforeStart),
    output: z.object({
      current: rangeResult,
      previous: rangeResult,
      compare_to: z.string(),
      threshold_pct: z.number(),
      /** Significant changes, biggest first, by metric slug. */
      highlights: z.array(z.string()),
      changes: z.array(changeResult),
      /** How a range running to today was made like for like (today left out, or the same hours). */
      like_for_like: z.string().optional(),
      /** Why there is no comparison (e.g. the previous period would start before 2023-01-01). */
      no_comparison: z.string().optional(),
    }),
    annotations: readAnnotations,
    handler: async (input, context) => {
      const report = await connection
        .client(context)
        .compare(
          { metrics: input.metric_names ?? KEY_METRICS, ...rangeParams(input), signal: context.signal },
          { to: input.compare_to, thresholdPct: input.threshold_pct },
        );
      return {
        current: toRangeResult(report.current.range),
        previous: toRangeResult(report.previous.range),
        compare_to: report.to,
        threshold_pct: report.thresholdPct,
        highlights: report.highlights.map((change) => change.slug),
        changes: report.changes.map(toChangeResult),
        ...(report.note ? { like_for_like: report.note } : {}),
        ...(report.refused ? { no_comparison: report.refused } : {}),
      };
    },
    render: (data) => {
      const highlighted = new Set(data.highlights);
      const byMetric = new Map(data.changes.map((change) => [change.metric, change]));
      const others = data.changes.filter((change) => !highlighted.has(change.metric));
      return [
        `${describeRange(data.current)} vs ${data.compare_to} ${data.previous.start} … ${data.previous.end}`,
        ...(data.like_for_like ? [`(${data.like_for_like})`] : []),
        ...(data.no_comparison
          ? [`No comparison: ${data.no_comparison}.`, ...data.changes.map((change) => `  ${change.summary}`)]
          : [
              data.highlights.length === 0
                ? `No change reached ${data.threshold_pct}%.`
                : `Changes of ${data.threshold_pct}% or more:`,
              ...data.highlights.map((slug) => `  ${byMetric.get(slug)?.summary}`),
              ...(others.length > 0
                ? ["Other metrics:", ...others.map((change) => `  ${change.summary}`)]
                : []),
            ]),
      ].join("\n");
    },
  });
