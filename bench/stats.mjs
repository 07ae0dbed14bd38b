/** Median, min, max and a percentile of a list of numbers. */
export function summarize(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { median: at(0.5), min: sorted[0], max: sorted.at(-1), p99: at(0.99), n: sorted.length };
}

export const round = (value, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;
