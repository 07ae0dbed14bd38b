import { formatMetricValue, type MetricUnit } from "@mcp-connectors/polar-metrics";

/** A range as one line: `2025-03-10 … 2025-03-16 (last_week, UTC, by day)`. */
export function describeRange(range: {
  start: string;
  end: string;
  timezone: string;
  preset?: string | undefined;
  interval?: string | undefined;
}): string {
  const details = [range.preset, range.timezone, range.interval && `by ${range.interval}`].filter(Boolean);
  return `${range.start} … ${range.end} (${details.join(", ")})`;
}

/** A value in its unit for people: money as currency, fractions as %, other numbers to two decimals. */
export function formatCell(value: unknown, unit: MetricUnit | undefined, decimals?: number): string {
  if (value === null || value === undefined) return "";
  // A plain number rounded with ROUND(x, n) shows its n decimals.
  if (typeof value === "number" && decimals !== undefined && (unit === undefined || unit === "number"))
    return value.toFixed(decimals);
  if (typeof value === "number") return formatMetricValue({ unit: unit ?? "number" }, value);
  return String(value);
}

/** Rows as a compact table: a header line, then one ` | `-separated line per row. */
export function renderRows(
  columns: readonly { name: string; unit?: MetricUnit | undefined; decimals?: number | undefined }[],
  rows: readonly Record<string, unknown>[],
): string[] {
  return [
    columns.map((column) => column.name).join(" | "),
    ...rows.map((row) =>
      columns.map((column) => formatCell(row[column.name], column.unit, column.decimals)).join(" | "),
    ),
  ];
}

/** Rows whose period is partial get it written out: `2025-11-01 (partial: 2025-11-06 … 2025-11-30, cut by the range)`. */
export function markPartial<Row extends Record<string, unknown>>(
  rows: readonly Row[],
  partial: readonly { period: string; start: string; end: string; reason: string }[] | undefined,
): Row[] {
  const byPeriod = new Map((partial ?? []).map((entry) => [entry.period, entry]));
  return rows.map((row) => {
    const entry = typeof row.period === "string" ? byPeriod.get(row.period) : undefined;
    return entry
      ? { ...row, period: `${row.period} (partial: ${entry.start} … ${entry.end}, ${entry.reason})` }
      : row;
  });
}
