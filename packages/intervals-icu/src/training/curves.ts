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

/** A pace curve read at a target distance: the best effort of at least that distance, and its exact pace. */
export interface PacePoint {
  /** The distance asked for, metres. */
  at: number;
  /** The curve point's own distance (≥ `at`), metres; null when the curve does not reach `at`. */
  distance: number | null;
  /** The fastest time over `distance`, seconds. */
  seconds: number | null;
  /** That effort's pace, `seconds / distance` in seconds per kilometre. */
  secondsPerKm: number | null;
  /** That effort's speed, `distance / seconds` in m/s, for `formatPace`. */
  metresPerSecond: number | null;
  /** The activity that set it, when the API said. */
  activityId: string | null;
}

/**
 * Reads a pace curve at target distances (default `standardDistances`), taking the first point at or beyond
 * each target and computing the pace from that point's own distance, so it is exact rather than slightly slow.
 *
 * @example paceAt(curve, [5000]) // [{ at: 5000, distance: 5003, seconds: 1290, secondsPerKm: 257.8, … }]
 */
export function paceAt(
  curve: {
    distance: readonly (number | null)[];
    values: readonly (number | null)[];
    activity_id?: readonly (string | null)[] | null | undefined;
  },
  distances: readonly number[] = standardDistances,
): PacePoint[] {
  return distances.map((at) => {
    const index = curve.distance.findIndex((distance) => distance !== null && distance >= at);
    const distance = index === -1 ? null : (curve.distance[index] ?? null);
    const seconds = index === -1 ? null : (curve.values[index] ?? null);
    const effort = distance !== null && seconds !== null && seconds > 0 && distance > 0;
    return {
      at,
      distance: seconds === null ? null : distance,
      seconds: distance === null ? null : seconds,
      secondsPerKm: effort ? (seconds / distance) * 1000 : null,
      metresPerSecond: effort ? distance / seconds : null,
      activityId: index === -1 ? null : (curve.activity_id?.[index] ?? null),
    };
  });
}

/** Standard durations for power and HR curves, seconds. */
export const standardDurations = [5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600] as const;

/** Standard distances for pace curves, metres. */
export const standardDistances = [400, 1000, 1609.34, 5000, 10000, 21097.5, 42195] as const;
