import { describePeriodRule, type MetricsReport } from "@mcp-connectors/polar-metrics";
import { defineTool } from "@mcp-connectors/tool-builder";
import { z } from "zod";
import { rangeResult, toRangeResult, unit } from "../results.js";
import {
  billingType,
  customerIds,
  endNotBeforeStart,
  filterParams,
  interval,
  metricNames,
  productIds,
  rangeFields,
  rangeParams,
} from "../schemas.js";
import { describeRange, formatCell, markPartial, renderRows } from "../text.js";
import { type PolarTool, readAnnotations } from "./define.js";

/** Periods are sent by default only when their JSON stays within this many characters. */
export const PERIODS_BUDGET_CHARS = 6_000;

const output = z.object({
  range: rangeResult,
  /** Each metric over the whole range: flows summed, stocks at the end, rates from their parts; `formed` says how. */
  totals: z.array(
    z.object({
      metric: z.string(),
      name: z.string(),
      unit,
      value: z.number().nullish(),
      formed: z.string(),
      /** Why the value is missing. */
      note: z.string().optional(),
    }),
  ),
  /** One row per period: `period` (its first day) and one value per metric. */
  periods: z.array(z.record(z.string(), z.union([z.string(), z.number()]).nullable())).optional(),
  /** How many periods were left out to keep the answer small. */
  periods_omitted: z.number().optional(),
  /** Periods whose bucket lies only partly inside the range: the days it holds, and why. */
  partial: z
    .array(z.object({ period: z.string(), start: z.string(), end: z.string(), reason: z.string() }))
    .optional(),
});

/** Totals (and the series, when asked or small) of some metrics over a preset or explicit range. */
export const getMetrics: PolarTool = (connection) =>
  defineTool({
    name: "get_metrics",
    title: "Get metrics",
    description:
      "Totals of Polar metrics over a preset or start_date/end_date, optionally filtered, with the per-period series when asked or small. Money in USD cents, percentages as fractions.",
    input: z
      .object({
        metric_names: metricNames,
        ...rangeFields,
        interval: interval.optional(),
        product_ids: productIds.optional(),
        customer_ids: customerIds.optional(),
        billing_type: billingType.optional(),
        include_periods: z.boolean().optional().describe("Default: only when they are few"),
      })
      .superRefine(endNotBeforeStart),
    output,
    annotations: readAnnotations,
    handler: async (input, context) => {
      const report = await connection.client(context).getMetrics({
        metrics: input.metric_names,
        ...rangeParams(input),
        ...(input.interval ? { interval: input.interval } : {}),
        ...filterParams(input),
        signal: context.signal,
      });
      const periods = periodRows(report);
      const include = input.include_periods ?? JSON.stringify(periods).length <= PERIODS_BUDGET_CHARS;
      return {
        range: toRangeResult(report.range),
        totals: report.metrics.map((metric) => ({
          metric: metric.slug,
          name: metric.name,
          unit: metric.unit,
          value: report.totals[metric.slug] ?? null,
          formed: describePeriodRule(metric),
          ...(report.notes[metric.slug] ? { note: report.notes[metric.slug] } : {}),
        })),
        ...(include ? { periods } : { periods_omitted: periods.length }),
        ...(include && report.partial.length > 0 ? { partial: report.partial } : {}),
      };
    },
    render: (data) => {
      const lines = [describeRange(data.range)];
      for (const total of data.totals) {
        const value = formatCell(total.value, total.unit) || "n/a";
        const how = total.note ?? (total.formed.includes("÷") ? total.formed : undefined);
        lines.push(`${total.name}: ${value}${how ? ` (${how})` : ""}`);
      }
      if (data.periods) {
        const columns = [
          { name: "period" },
          ...data.totals.map((total) => ({ name: total.metric, unit: total.unit })),
        ];
        lines.push(...renderRows(columns, markPartial(data.periods, data.partial)));
      }
      if (data.periods_omitted) {
        lines.push(
          `${data.periods_omitted} periods left out; ask with include_periods: true or a coarser interval.`,
        );
      }
      return lines.join("\n");
    },
  });

function periodRows(report: MetricsReport): Record<string, string | number | null>[] {
  return report.periods.map((period) => ({ period: period.period, ...period.values }));
}
