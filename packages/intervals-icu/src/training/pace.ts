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

/**
 * The distance a pace is given per: a kilometre or a mile (running, walking), 100 m or 100 yards
 * (swimming), 500 m (rowing).
 */
export type PaceUnit = "km" | "mile" | "100m" | "100y" | "500m";

/** Metres in each pace unit's distance. */
export const paceUnitMetres: Readonly<Record<PaceUnit, number>> = {
  km: 1000,
  mile: 1609.344,
  "100m": 100,
  "100y": 91.44,
  "500m": 500,
};

/** Seconds per pace unit at a speed in m/s; null for a standstill. */
export function secondsPer(unit: PaceUnit, metresPerSecond: number): number | null {
  return metresPerSecond > 0 ? paceUnitMetres[unit] / metresPerSecond : null;
}

/**
 * A speed in m/s as a pace such as `"4:35 /km"`, `"1:16 /100y"` or `"1:50 /500m"`; `"-"` for a standstill.
 */
export function formatPace(metresPerSecond: number, unit: PaceUnit = "km"): string {
  const seconds = secondsPer(unit, metresPerSecond);
  return seconds === null ? "-" : `${formatDuration(seconds)} /${unit}`;
}

const paceSports = /run|walk|hike|snowshoe/i;
const swimSports = /swim/i;
const rowSports = /row/i;

/** Which family of pace a sport is read in. */
type PaceFamily = "distance" | "swim" | "row";

function paceFamily(sport: string | null | undefined): PaceFamily | null {
  if (!sport) return null;
  if (swimSports.test(sport)) return "swim";
  if (rowSports.test(sport)) return "row";
  if (paceSports.test(sport)) return "distance";
  return null;
}

const unitsOfFamily: Record<PaceFamily, readonly PaceUnit[]> = {
  distance: ["km", "mile"],
  swim: ["100m", "100y"],
  row: ["500m"],
};

/**
 * The pace unit athletes read in a sport, honouring a preference that suits the sport: per km (or per mile)
 * for runs, walks and hikes, per 100 m (or 100 yards) for swims, per 500 m for rowing; null for sports read as
 * speed (rides, skiing, …). A preference that does not fit the sport (per mile for a swim) is ignored.
 *
 * @example paceUnitForSport("Swim", "100y") // "100y"
 * @example paceUnitForSport("Run", "100y") // "km"
 */
export function paceUnitForSport(
  sport: string | null | undefined,
  preferred?: PaceUnit | null | undefined,
): PaceUnit | null {
  const family = paceFamily(sport);
  if (!family) return null;
  const units = unitsOfFamily[family];
  if (preferred && units.includes(preferred)) return preferred;
  if (preferred === "mile" && family === "swim") return "100y";
  return units[0] ?? null;
}

/**
 * Speed as an athlete reads it in a sport: a pace for runs, walks, swims and rowing (see
 * `paceUnitForSport`, with the athlete's preferred unit), km/h to one decimal otherwise; null for a missing
 * speed or a standstill.
 *
 * @example speedForSport("Run", 3.636) // { pace: "4:35 /km" }
 * @example speedForSport("Swim", 1.2032, "100y") // { pace: "1:16 /100y" }
 * @example speedForSport("Ride", 8.5) // { speedKmh: 30.6 }
 */
export function speedForSport(
  sport: string | null | undefined,
  metresPerSecond: number | null | undefined,
  preferred?: PaceUnit | null | undefined,
): { pace: string } | { speedKmh: number } | null {
  if (metresPerSecond == null || metresPerSecond <= 0) return null;
  const unit = paceUnitForSport(sport, preferred);
  if (unit) return { pace: formatPace(metresPerSecond, unit) };
  return { speedKmh: Math.round(kmPerHour(metresPerSecond) * 10) / 10 };
}

const settingsUnits: Record<string, PaceUnit> = {
  MINS_KM: "km",
  MINS_MILE: "mile",
  SECS_100M: "100m",
  SECS_100Y: "100y",
  SECS_500M: "500m",
};

/**
 * The pace unit of a sport's settings (`SportSettings.pace_units`: `MINS_KM`, `MINS_MILE`, `SECS_100M`,
 * `SECS_100Y`, `SECS_500M`); null when unset or one this library does not show (`SECS_400M`, `NONE`), so
 * the sport's convention applies.
 *
 * @example formatPace(settings.threshold_pace, paceUnitFromSettings(settings.pace_units) ?? "km")
 */
export function paceUnitFromSettings(paceUnits: string | null | undefined): PaceUnit | null {
  return (paceUnits && settingsUnits[paceUnits]) || null;
}

/** Run cadence as steps per minute: the API reports strides (one foot) per minute. */
export function stepsPerMinute(stridesPerMinute: number): number {
  return stridesPerMinute * 2;
}

/** Cadence in the unit athletes read for the sport. */
export type SportCadence =
  | { unit: "steps/min"; value: number }
  | { unit: "rpm"; value: number }
  | { unit: "strokes/min"; value: number };

/**
 * Cadence as athletes read it: steps per minute for runs, walks and hikes (twice the API's strides per
 * minute), revolutions per minute for rides, strokes per minute for swims and rowing; null when missing
 * or for sports without a cadence convention.
 *
 * @example cadenceForSport("Run", 83) // { unit: "steps/min", value: 166 }
 */
export function cadenceForSport(
  sport: string | null | undefined,
  cadence: number | null | undefined,
): SportCadence | null {
  if (cadence == null || !sport) return null;
  const family = paceFamily(sport);
  if (family === "distance") return { unit: "steps/min", value: stepsPerMinute(cadence) };
  if (family === "swim" || family === "row") return { unit: "strokes/min", value: cadence };
  if (/ride|bike|cycl|velomobile|handcycle/i.test(sport)) return { unit: "rpm", value: cadence };
  return null;
}
