/**
 * The curve id for a date range, e.g. `r.2024-01-01.2024-03-31`, to pass in `curves` of the curve methods.
 * Other ids the API accepts: `7d`, `42d`, `90d`, `1y`, `all`, `s0` (this season), `s1` (last season).
 */
export function dateRangeCurveId(oldest: string, newest: string): string {
  return `r.${oldest}.${newest}`;
}

/** One point of a curve read at a target duration or distance. */
export interface CurvePoint {
  /** The duration (s) or distance (m) asked for. */
  at: number;
  /** Watts, bpm, or seconds for pace curves; null when the curve does not reach that far. */
  value: number | null;
  /** The activity that set the best effort, when the API said. */
  activityId: string | null;
}

/**
 * Reads a curve at chosen durations (power/HR: `secs`) or distances (pace: `distance`), taking the first
 * point at or beyond each target, so a value is never better than the athlete actually did.
 *
 * @example curveAt(curve.secs, curve.values, [5, 60, 300, 1200], curve.activity_id)
 */
export function curveAt(
  xs: readonly (number | null)[],
  values: readonly (number | null)[],
  targets: readonly number[],
  activityIds?: readonly (string | null)[] | null,
): CurvePoint[] {
  return targets.map((target) => {
    const index = xs.findIndex((x) => x !== null && x >= target);
    if (index === -1) return { at: target, value: null, activityId: null };
    return { at: target, value: values[index] ?? null, activityId: activityIds?.[index] ?? null };
  });
}

/** Standard durations for power and HR curves, seconds. */
export const standardDurations = [5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600] as const;

/** Standard distances for pace curves, metres. */
export const standardDistances = [400, 1000, 1609.34, 5000, 10000, 21097.5, 42195] as const;
