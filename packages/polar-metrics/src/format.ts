import type { MetricDefinition } from "./catalog.js";
import type { MetricChange } from "./compare.js";

/** How values are written for people. Polar's API carries no currency code; its dashboard shows USD. */
export interface FormatOptions {
  /** ISO 4217 code. Default `USD`. */
  currency?: string;
  /** BCP 47 locale. Default `en-US`. */
  locale?: string;
}

const formatters = new Map<string, Intl.NumberFormat>();

/**
 * A number formatter, built once per locale and kind: building one costs far more than using it. `kind`
 * names `options` (the same kind must always come with the same options), so that finding the formatter
 * for each of hundreds of values is one short string, not the options serialised.
 */
function numberFormat(
  locale: string | undefined,
  kind: string,
  options: () => Intl.NumberFormatOptions,
): Intl.NumberFormat {
  const key = `${locale ?? "en-US"}|${kind}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale ?? "en-US", options());
    formatters.set(key, formatter);
  }
  return formatter;
}

/**
 * Writes an amount of cents as money.
 * @example formatMoney(123456) // "$1,234.56"
 * @example formatMoney(1.2345) // "$0.0123"
 */
export function formatMoney(cents: number, options: FormatOptions = {}): string {
  const currency = options.currency ?? "USD";
  // Fractions of a cent (usage costs, cost per user) keep hundredths of a cent below a dollar ($0.0123, not
  // $0.01), and three significant digits below a cent ($0.00654).
  if (!Number.isInteger(cents) && Math.abs(cents) < 100) {
    const tiny = Math.abs(cents) < 1;
    return numberFormat(options.locale, `${tiny ? "sub-cent" : "cents"} ${currency}`, () =>
      tiny
        ? { style: "currency", currency, maximumSignificantDigits: 3 }
        : { style: "currency", currency, minimumFractionDigits: 2, maximumFractionDigits: 4 },
    ).format(cents / 100);
  }
  return numberFormat(options.locale, `money ${currency}`, () => ({ style: "currency", currency })).format(
    cents / 100,
  );
}

/**
 * Writes a fraction as a percentage, to one decimal or two significant digits, whichever says more, so
 * small rates stay readable.
 * @param options.digits fixed decimals instead (`digits: 0` → `"12%"`).
 * @example formatPercent(0.1234) // "12.3%"
 * @example formatPercent(0.0014) // "0.14%"
 */
export function formatPercent(fraction: number, options: FormatOptions & { digits?: number } = {}): string {
  const { digits } = options;
  return numberFormat(options.locale, `percent ${digits ?? "readable"}`, () => ({
    style: "percent",
    ...(digits === undefined ? readableDigits : { maximumFractionDigits: digits }),
  })).format(fraction);
}

/** Writes a metric's value in its unit: money for cents, % for fractions, a plain number otherwise; "n/a" for null. */
export function formatMetricValue(
  metric: Pick<MetricDefinition, "unit">,
  value: number | null,
  options: FormatOptions = {},
): string {
  if (value === null) return "n/a";
  if (metric.unit === "cents") return formatMoney(value, options);
  if (metric.unit === "fraction") return formatPercent(value, options);
  return numberFormat(options.locale, "number", () => ({ maximumFractionDigits: 2 })).format(value);
}

/**
 * Writes a change in a line such as `Revenue: $1,200.00 → $1,500.00 (+25%, good)`;
 * percentage metrics show percentage points (`+2 pp`, `+0.04 pp`).
 */
export function formatChange(change: MetricChange, options: FormatOptions = {}): string {
  const from = formatMetricValue(change, change.previous, options);
  const to = formatMetricValue(change, change.current, options);
  let delta: string;
  if (change.current === null || change.previous === null) delta = "no comparison";
  else if (change.percentagePointChange !== null)
    delta = `${signed(change.percentagePointChange * 100, options)} pp`;
  else if (change.percentChange !== null) delta = `${signed(change.percentChange * 100, options)}%`;
  else delta = change.direction === "flat" ? "no change" : "from zero";
  if (delta === "no comparison") return `${change.name}: ${from} → ${to} (${delta})`;
  return `${change.name}: ${from} → ${to} (${delta}, ${change.assessment})`;
}

/** One decimal, or two significant digits when that says more (0.04, not 0). */
const readableDigits: Intl.NumberFormatOptions = {
  maximumFractionDigits: 1,
  maximumSignificantDigits: 2,
  roundingPriority: "morePrecision",
};

function signed(value: number, options: FormatOptions): string {
  const text = numberFormat(options.locale, "readable", () => readableDigits).format(value);
  return value > 0 ? `+${text}` : text;
}
