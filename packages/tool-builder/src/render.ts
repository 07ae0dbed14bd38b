/**
 * Drops object keys whose value is null or undefined, at every depth: they cost tokens and say nothing.
 * Nulls inside lists stay, because a list's positions carry meaning (aligned samples, say).
 */
export function dropNulls<T>(value: T): T {
  if (Array.isArray(value)) return value.map(dropNulls) as T;
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) if (item != null) out[key] = dropNulls(item);
    return out as T;
  }
  return value;
}

/** How many items of which list were left out to keep a result inside its size budget. */
export type Truncation = Record<string, number>;

interface ListAt {
  path: string;
  list: unknown[];
}

function listsIn(value: unknown, path: string, out: ListAt[]): ListAt[] {
  if (Array.isArray(value)) {
    out.push({ path, list: value });
    value.forEach((item, index) => {
      listsIn(item, `${path}[${index}]`, out);
    });
  } else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) listsIn(item, path ? `${path}.${key}` : key, out);
  }
  return out;
}

const sizeOf = (value: unknown) => JSON.stringify(value)?.length ?? 0;

/**
 * Shortens the longest lists of the data (from their ends) until its JSON fits in `maxChars`, and says
 * how many items each lost, so that nothing is cut silently. The data is never changed in place: data
 * that fits is returned as it is, data that does not is copied first.
 */
export function fitToBudget<T>(data: T, maxChars: number): { data: T; truncated: Truncation } {
  const { data: fitted, truncated } = fitToBudgetAsJson(data, maxChars);
  return { data: fitted, truncated };
}

/** `fitToBudget`, also giving the JSON of the data it returns, so that a caller need not serialise it again. */
export function fitToBudgetAsJson<T>(
  data: T,
  maxChars: number,
): { data: T; truncated: Truncation; json: string } {
  const json = JSON.stringify(data) ?? "";
  if (json.length <= maxChars) return { data, truncated: {}, json };
  const copy = structuredClone(data);
  const truncated: Truncation = {};
  let size = json.length;
  while (size > maxChars) {
    const candidates = listsIn(copy, "", []).filter((entry) => entry.list.length > 0);
    if (candidates.length === 0) break;
    const largest = candidates.reduce((a, b) => (sizeOf(b.list) > sizeOf(a.list) ? b : a));
    let excess = size - maxChars;
    let removed = 0;
    while (excess > 0 && largest.list.length > 0) {
      excess -= sizeOf(largest.list.pop()) + 1;
      removed++;
    }
    truncated[largest.path] = (truncated[largest.path] ?? 0) + removed;
    size = sizeOf(copy);
  }
  return { data: copy, truncated, json: JSON.stringify(copy) ?? "" };
}

function formatScalar(value: unknown): string {
  if (typeof value === "number")
    return Number.isInteger(value) ? String(value) : String(+value.toPrecision(6));
  if (typeof value === "string") return value.includes("\n") ? JSON.stringify(value) : value;
  if (value !== null && typeof value === "object") return JSON.stringify(value);
  return String(value);
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

function renderTable(rows: Record<string, unknown>[], indent: string): string[] {
  const columns: string[] = [];
  for (const row of rows) for (const key of Object.keys(row)) if (!columns.includes(key)) columns.push(key);
  const lines = [`${indent}${columns.join(" | ")}`];
  for (const row of rows) {
    lines.push(
      `${indent}${columns.map((column) => (row[column] == null ? "" : formatScalar(row[column]))).join(" | ")}`,
    );
  }
  return lines;
}

function renderValue(key: string, value: unknown, indent: string): string[] {
  if (Array.isArray(value)) {
    if (value.length === 0) return [`${indent}${key}: none`];
    if (value.every(isRecord))
      return [`${indent}${key} (${value.length}):`, ...renderTable(value, `${indent}  `)];
    return [`${indent}${key}: ${value.map(formatScalar).join(", ")}`];
  }
  if (isRecord(value)) {
    return [
      `${indent}${key}:`,
      ...Object.entries(value).flatMap(([k, v]) => renderValue(k, v, `${indent}  `)),
    ];
  }
  return [`${indent}${key}: ${formatScalar(value)}`];
}

/**
 * Renders data as compact text: `key: value` lines, nested objects indented, and lists of objects as a
 * header line of column names followed by one ` | `-separated line per item.
 */
export function renderCompactText(data: Record<string, unknown>): string {
  return Object.entries(data)
    .flatMap(([key, value]) => renderValue(key, value, ""))
    .join("\n");
}

/** The line that tells a reader what was left out, or an empty string. */
export function describeTruncation(truncated: Truncation): string {
  const parts = Object.entries(truncated).map(([path, count]) => `${count} more ${path || "items"}`);
  return parts.length === 0 ? "" : `truncated: ${parts.join(", ")} (narrow the request to see them)`;
}
