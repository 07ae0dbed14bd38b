import { formatChange, type MetricChange, type MetricsRange } from "@mcp-connectors/polar-metrics";
import { z } from "zod";

/** The unit of a value in data: money in cents (USD), percentages as fractions (0.25 = 25%). */
export const unit = z.enum(["count", "cents", "fraction", "number"]);

/** A resolved range of days, both ends inclusive. */
export const rangeResult = z.object({
  start: z.string(),
  end: z.string(),
  interval: z.string().optional(),
  timezone: z.string(),
  preset: z.string().optional(),
});

export function toRangeResult(range: MetricsRange): z.input<typeof rangeResult> {
  return {
    start: range.start,
    end: range.end,
    interval: range.interval,
    timezone: range.timeZone,
    preset: range.preset,
  };
}

/** One metric's change between two ranges, as comparisons report it. */
export const changeResult = z.object({
  metric: z.string(),
  unit,
  current: z.number().nullish(),
  previous: z.number().nullish(),
  /** current − previous, in the metric's unit. */
  change: z.number().nullish(),
  /** Relative change as a fraction (0.12 = +12%); missing when the previous value is 0. */
  change_pct: z.number().nullish(),
  /** For percentage metrics: the change in percentage points, as a fraction. */
  change_pp: z.number().nullish(),
  assessment: z.enum(["good", "bad", "unchanged"]),
  significant: z.boolean(),
  /** The change in words, money as currency: `Revenue: $1,200.00 → $1,500.00 (+25%, good)`. */
  summary: z.string(),
});

export function toChangeResult(change: MetricChange): z.input<typeof changeResult> {
  return {
    metric: change.slug,
    unit: change.unit,
    current: change.current,
    previous: change.previous,
    change: change.absoluteChange,
    change_pct: change.percentChange,
    change_pp: change.percentagePointChange,
    assessment: change.assessment,
    significant: change.significant,
    summary: formatChange(change),
  };
}
