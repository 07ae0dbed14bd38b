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

/** The distance a pace is given per: a kilometre, a mile, or 100 m (swimming). */
export type PaceUnit = "km" | "mile" | "100m";

/** A speed in m/s as a running pace such as `"4:35 /km"`, or `"-"` for a standstill. */
export function formatPace(metresPerSecond: number, unit: PaceUnit = "km"): string {
  const seconds =
    unit === "km"
      ? secondsPerKm(metresPerSecond)
      : unit === "mile"
        ? secondsPerMile(metresPerSecond)
        : secondsPer100m(metresPerSecond);
  return seconds === null ? "-" : `${formatDuration(seconds)} /${unit === "100m" ? "100m" : unit}`;
}

const paceSports = /run|walk|hike|snowshoe/i;
const swimSports = /swim/i;

/**
 * The pace unit athletes read in a sport: per 100 m for swims (`Swim`, `OpenWaterSwim`), per km for runs,
 * walks and hikes (`Run`, `TrailRun`, `VirtualRun`, `Walk`, `Hike`, `Snowshoe`); null for sports read as
 * speed (rides, rowing, skiing, …).
 */
export function paceUnitForSport(sport: string | null | undefined): PaceUnit | null {
  if (sport && swimSports.test(sport)) return "100m";
  if (sport && paceSports.test(sport)) return "km";
  return null;
}

/**
 * Speed as an athlete reads it in a sport: a pace for runs, walks and swims (see `paceUnitForSport`), km/h
 * to one decimal otherwise; null for a missing speed or a standstill.
 *
 * @example speedForSport("Run", 3.636) // { pace: "4:35 /km" }
 * @example speedForSport("Swim", 0.952) // { pace: "1:45 /100m" }
 * @example speedForSport("Ride", 8.5) // { speedKmh: 30.6 }
 */
export function speedForSport(
  sport: string | null | undefined,
  metresPerSecond: number | null | undefined,
): { pace: string } | { speedKmh: number } | null {
  if (metresPerSecond == null || metresPerSecond <= 0) return null;
  const unit = paceUnitForSport(sport);
  if (unit) return { pace: formatPace(metresPerSecond, unit) };
  return { speedKmh: Math.round(kmPerHour(metresPerSecond) * 10) / 10 };
}

/**
 * The pace unit of a sport's settings (`SportSettings.pace_units`: `MINS_KM`, `MINS_MILE`, `SECS_100M`);
 * per km when unset or unknown.
 *
 * @example formatPace(settings.threshold_pace, paceUnitFromSettings(settings.pace_units)) // "1:40 /100m"
 */
export function paceUnitFromSettings(paceUnits: string | null | undefined): PaceUnit {
  if (paceUnits === "SECS_100M") return "100m";
  if (paceUnits === "MINS_MILE") return "mile";
  return "km";
}

/** Run cadence as steps per minute: the API reports strides (one foot) per minute. */
export function stepsPerMinute(stridesPerMinute: number): number {
  return stridesPerMinute * 2;
}
