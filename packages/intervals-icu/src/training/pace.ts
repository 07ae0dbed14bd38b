/**
 * Seconds per kilometre at a speed in m/s (the API's unit for speed, pace and GAP); null for a standstill.
 *
 * @example secondsPerKm(3.333) // ≈ 300, i.e. 5:00 /km
 */
export function secondsPerKm(metresPerSecond: number): number | null {
  return metresPerSecond > 0 ? 1000 / metresPerSecond : null;
}

/** Seconds per mile at a speed in m/s; null for a standstill. */
export function secondsPerMile(metresPerSecond: number): number | null {
  return metresPerSecond > 0 ? 1609.344 / metresPerSecond : null;
}

/** Seconds per 100 m (swimming pace) at a speed in m/s; null for a standstill. */
export function secondsPer100m(metresPerSecond: number): number | null {
  return metresPerSecond > 0 ? 100 / metresPerSecond : null;
}

/** Speed in m/s from a pace in seconds per kilometre. */
export function speedFromSecondsPerKm(secondsPerKilometre: number): number {
  return 1000 / secondsPerKilometre;
}

/** Speed in km/h from m/s. */
export function kmPerHour(metresPerSecond: number): number {
  return metresPerSecond * 3.6;
}

/**
 * A duration in seconds as `m:ss` or `h:mm:ss`, e.g. a pace of 275 s → `"4:35"`.
 *
 * @example formatDuration(3725) // "1:02:05"
 */
export function formatDuration(seconds: number): string {
  const total = Math.round(seconds);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const secs = String(total % 60).padStart(2, "0");
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, "0")}:${secs}` : `${minutes}:${secs}`;
}

/** A speed in m/s as a running pace such as `"4:35 /km"`, or `"-"` for a standstill. */
export function formatPace(metresPerSecond: number, unit: "km" | "mile" | "100m" = "km"): string {
  const seconds =
    unit === "km"
      ? secondsPerKm(metresPerSecond)
      : unit === "mile"
        ? secondsPerMile(metresPerSecond)
        : secondsPer100m(metresPerSecond);
  return seconds === null ? "-" : `${formatDuration(seconds)} /${unit === "100m" ? "100m" : unit}`;
}

/** Run cadence as steps per minute: the API reports strides (one foot) per minute. */
export function stepsPerMinute(stridesPerMinute: number): number {
  return stridesPerMinute * 2;
}
