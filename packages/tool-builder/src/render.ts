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

/**
 * `fitToBudget`, also giving the JSON of the data it returns, so that a caller need not serialise it again;
 * `json`, when given, is the data's JSON already made.
 */
export function fitToBudgetAsJson<T>(
  data: T,
  maxChars: number,
  json: string = JSON.stringify(data) ?? "",
): { data: T; truncated: Truncation; json: string } {
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
  if (size > maxChars) shortenLongestStrings(copy, size - maxChars, truncated);
  return { data: copy, truncated, json: JSON.stringify(copy) ?? "" };
}

interface StringAt {
  path: string;
  holder: Record<string, unknown> | unknown[];
  key: string | number;
  value: string;
}

function stringsIn(value: unknown, path: string, out: StringAt[]): StringAt[] {
  const entries: Array<[string | number, unknown]> = Array.isArray(value)
    ? value.map((item, index) => [index, item])
    : value !== null && typeof value === "object"
      ? Object.entries(value)
      : [];
  for (const [key, item] of entries) {
    const at = typeof key === "number" ? `${path}[${key}]` : path ? `${path}.${key}` : key;
    if (typeof item === "string")
      out.push({ path: at, holder: value as StringAt["holder"], key, value: item });
    else stringsIn(item, at, out);
  }
  return out;
}

/** The shortest a string is cut to; below it, a cut says less than the marker costs. */
const MIN_CUT_STRING = 32;

/**
 * Cuts the longest strings (from their ends, with a `…` marker) until `excess` JSON characters are gone,
 * recording the characters each lost as `<path> characters`. Lists alone cannot bound a result whose size
 * sits in one long text.
 */
function shortenLongestStrings(data: unknown, excess: number, truncated: Truncation): void {
  const strings = stringsIn(data, "", []).sort((a, b) => b.value.length - a.value.length);
  let left = excess;
  for (const entry of strings) {
    if (left <= 0 || entry.value.length <= MIN_CUT_STRING) break;
    // JSON may escape a character into several; cut by the escaped size so the estimate stays safe.
    const escaped = JSON.stringify(entry.value).length - 2;
    const keep = Math.max(MIN_CUT_STRING, Math.floor((entry.value.length * (escaped - left - 1)) / escaped));
    if (keep >= entry.value.length) continue;
    const cut = `${entry.value.slice(0, keep)}…`;
    (entry.holder as Record<string | number, unknown>)[entry.key] = cut;
    left -= escaped - (JSON.stringify(cut).length - 2);
    truncated[`${entry.path} characters`] = entry.value.length - keep;
  }
}

/** A text cut to at most `maxChars` characters, saying that it was cut. */
export function boundText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const note = (cut: number) => `\n… (cut: ${cut} more characters; narrow the request to see them)`;
  // The note for the whole length is at least as long as the note for what is cut, so the sum fits.
  const kept = Math.max(0, maxChars - note(text.length).length);
  return `${text.slice(0, kept)}${note(text.length - kept)}`;
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
