/** Significant digits the client keeps in fractional values: far beyond what counts of orders can tell apart. */
export const SIGNIFICANT_DIGITS = 6;

/**
 * Rounds a number to `digits` significant digits without touching its whole part, so percentages lose
 * float noise and money in cents keeps every cent.
 * @example roundToSignificant(0.0014936519790888724) // 0.00149365
 * @example roundToSignificant(123456789.4) // 123456789
 */
export function roundToSignificant(value: number, digits = SIGNIFICANT_DIGITS): number {
  if (Number.isInteger(value) || !Number.isFinite(value)) return value;
  const wholeDigits = Math.floor(Math.log10(Math.abs(value))) + 1;
  return wholeDigits >= digits ? Math.round(value) : Number(value.toPrecision(digits));
}

/** The same values, numbers rounded with `roundToSignificant`. */
export function roundValues<Value>(values: Record<string, Value>): Record<string, Value> {
  return Object.fromEntries(
    Object.entries(values).map(([key, value]) => [
      key,
      typeof value === "number" ? (roundToSignificant(value) as Value) : value,
    ]),
  );
}
