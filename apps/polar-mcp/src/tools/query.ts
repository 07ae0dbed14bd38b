import { defineTool } from "@mcp-connectors/tool-builder";
import { z } from "zod";
import { changeResult, rangeResult, toChangeResult, toRangeResult, unit } from "../results.js";
import { describeRange, markPartial, renderRows } from "../text.js";
import { type PolarTool, readAnnotations } from "./define.js";

/** The client's SQL-like query over the virtual table `metrics`, one row per period. */
export const query: PolarTool = (connection) =>
  defineTool({
    name: "query",
    title: "Query metrics",
    description: [
      "SQL-like query over table metrics (one row per bucket of the GROUP BY grain; columns period = bucket start, and every metric slug).",
      "SELECT period|expr [AS a], … FROM metrics [WHERE time_range = 'preset' | period BETWEEN 'YYYY-MM-DD' AND '…' | product_id|customer_id|billing_type IN (…) | timezone = '…' | expr > n, joined by AND] [GROUP BY hour|day|week|month|year [, product_id]] [ORDER BY … DESC] [LIMIT n] [COMPARE TO previous_period|previous_year].",
      "+ - * /, ROUND ABS COALESCE NULLIF, SUM AVG MIN MAX COUNT. Default range last_30_days. Money in cents. Full grammar: polar://query-grammar.",
      "E.g. SELECT period, revenue, net_revenue / orders AS net_aov FROM metrics WHERE time_range = 'last_12_months' GROUP BY month ORDER BY revenue DESC LIMIT 3",
      "E.g. SELECT SUM(revenue), MAX(churn_rate) FROM metrics WHERE time_range = 'last_month' COMPARE TO previous_year",
    ].join("\n"),
    input: z.object({ query: z.string().min(1).max(4000) }),
    output: z.object({
      range: rangeResult,
      columns: z.array(
        z.object({ name: z.string(), unit: unit.optional(), decimals: z.number().optional() }),
      ),
      rows: z.array(z.record(z.string(), z.union([z.string(), z.number()]).nullable())),
      /** Rows whose bucket lies only partly inside the range: the days it holds, and why. */
      partial: z
        .array(z.object({ period: z.string(), start: z.string(), end: z.string(), reason: z.string() }))
        .optional(),
      /** Cautions about what the answer means. */
      notes: z.array(z.string()).optional(),
      /** With COMPARE TO: the same SELECT and WHERE over the earlier range; folded queries compare column by column. */
      comparison: z
        .object({
          to: z.string(),
          previous: rangeResult,
          changes: z.array(changeResult),
          rows: z.array(z.record(z.string(), z.union([z.string(), z.number()]).nullable())),
          like_for_like: z.string().optional(),
          no_comparison: z.string().optional(),
        })
        .optional(),
    }),
    annotations: readAnnotations,
    handler: async ({ query }, context) => {
      const result = await connection.client(context).query(query, { signal: context.signal });
      return {
        range: toRangeResult(result.range),
        columns: result.columns,
        rows: result.rows,
        ...(result.partial.length > 0 ? { partial: result.partial } : {}),
        ...(result.notes.length > 0 ? { notes: result.notes } : {}),
        ...(result.comparison && {
          comparison: {
            to: result.comparison.to,
            previous: toRangeResult(result.comparison.range),
            changes: result.comparison.changes.map(toChangeResult),
            rows: result.comparison.rows,
            ...(result.comparison.note ? { like_for_like: result.comparison.note } : {}),
            ...(result.comparison.refused ? { no_comparison: result.comparison.refused } : {}),
          },
        }),
      };
    },
    render: (data) => {
      const marked = markPartial(data.rows, data.partial);
      const comparison = data.comparison;
      return [
        describeRange(data.range),
        ...renderRows(data.columns, marked),
        ...(data.notes ?? []).map((note) => `Note: ${note}`),
        ...(comparison
          ? [
              `vs ${comparison.to} ${comparison.previous.start} … ${comparison.previous.end}${comparison.like_for_like ? ` (${comparison.like_for_like})` : ""}:`,
              ...(comparison.no_comparison
                ? [`  No comparison: ${comparison.no_comparison}.`]
                : comparison.changes.length > 0
                  ? comparison.changes.map((change) => `  ${change.summary}`)
                  : renderRows(data.columns, comparison.rows).map((line) => `  ${line}`)),
            ]
          : []),
      ].join("\n");
    },
  });
