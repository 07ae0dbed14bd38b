import { defineTool } from "@mcp-connectors/tool-builder";
import { z } from "zod";
import { changeResult, rangeResult, toChangeResult, toRangeResult, unit } from "../results.js";
import { describeRange, renderRows } from "../text.js";
import { type PolarTool, readAnnotations } from "./define.js";

/** The client's SQL-like query over the virtual table `metrics`, one row per period. */
export const query: PolarTool = (connection) =>
  defineTool({
    name: "query",
    title: "Query metrics",
    description: [
      "SQL-like query over table metrics (one row per period; columns period and every metric slug).",
      "SELECT period|expr [AS a], … FROM metrics [WHERE time_range = 'preset' | period BETWEEN 'YYYY-MM-DD' AND '…' | product_id|customer_id|billing_type IN (…) | timezone = '…' | expr > n, joined by AND] [GROUP BY hour|day|week|month|year] [ORDER BY … DESC] [LIMIT n] [COMPARE TO previous_period|previous_year].",
      "+ - * /, ROUND ABS COALESCE NULLIF, SUM AVG MIN MAX COUNT. Default range last_30_days. Money in cents. Full grammar: polar://query-grammar.",
      "E.g. SELECT period, revenue, net_revenue / orders AS net_aov FROM metrics WHERE time_range = 'last_12_months' GROUP BY month ORDER BY revenue DESC LIMIT 3",
      "E.g. SELECT SUM(revenue), MAX(churn_rate) FROM metrics WHERE time_range = 'last_month' COMPARE TO previous_year",
    ].join("\n"),
    input: z.object({ query: z.string().min(1).max(4000) }),
    output: z.object({
      range: rangeResult,
      columns: z.array(z.object({ name: z.string(), unit: unit.optional() })),
      rows: z.array(z.record(z.string(), z.union([z.string(), z.number()]).nullable())),
      /** With COMPARE TO: the selected metrics' totals against the earlier range. */
      comparison: z
        .object({ to: z.string(), previous: rangeResult, changes: z.array(changeResult) })
        .optional(),
    }),
    annotations: readAnnotations,
    handler: async ({ query }, context) => {
      const result = await connection.client(context).query(query, { signal: context.signal });
      return {
        range: toRangeResult(result.range),
        columns: result.columns,
        rows: result.rows,
        ...(result.comparison && {
          comparison: {
            to: result.comparison.to,
            previous: toRangeResult(result.comparison.previous.range),
            changes: result.comparison.changes.map(toChangeResult),
          },
        }),
      };
    },
    render: (data) =>
      [
        describeRange(data.range),
        ...renderRows(data.columns, data.rows),
        ...(data.comparison
          ? [
              `vs ${data.comparison.to} ${data.comparison.previous.start} … ${data.comparison.previous.end}:`,
              ...data.comparison.changes.map((change) => `  ${change.summary}`),
            ]
          : []),
      ].join("\n"),
  });
