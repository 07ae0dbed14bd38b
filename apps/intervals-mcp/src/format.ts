import { formatPace, kmPerHour } from "@mcp-connectors/intervals-icu";

/** Rounds to `digits` decimals; a missing value stays missing (and is left out of results). */
export function round(value: number | null | undefined, digits = 1): number | undefined {
  if (value == null) return undefined;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

const paceSports = /run|walk|hike|snowshoe/i;
const swimSports = /swim/i;

/**
 * How an athlete reads speed in a sport: runs and walks as pace per km, swims per 100 m, everything else
 * as km/h. Workaround until the client offers it (see /work/notes/intervals-client-requests.md).
 */
export function speedForSport(
  sport: string | null | undefined,
  metresPerSecond: number | null | undefined,
): { pace?: string; speed_kmh?: number | undefined } {
  if (metresPerSecond == null || metresPerSecond <= 0) return {};
  if (sport && swimSports.test(sport)) return { pace: formatPace(metresPerSecond, "100m") };
  if (sport && paceSports.test(sport)) return { pace: formatPace(metresPerSecond, "km") };
  return { speed_kmh: round(kmPerHour(metresPerSecond)) };
}

/** The API's `null` as a missing value, which results leave out. */
export const present = <T>(value: T | null | undefined): T | undefined => value ?? undefined;
