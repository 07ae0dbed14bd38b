import { speedForSport as readableSpeed } from "@mcp-connectors/intervals-icu";

/** Rounds to `digits` decimals; a missing value stays missing (and is left out of results). */
export function round(value: number | null | undefined, digits = 1): number | undefined {
  if (value == null) return undefined;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Speed as the athlete reads it in the sport (the client's `speedForSport`), under the results' field names. */
export function speedForSport(
  sport: string | null | undefined,
  metresPerSecond: number | null | undefined,
): { pace?: string; speed_kmh?: number } {
  const speed = readableSpeed(sport, metresPerSecond);
  if (!speed) return {};
  return "pace" in speed ? { pace: speed.pace } : { speed_kmh: speed.speedKmh };
}

/** The API's `null` as a missing value, which results leave out. */
export const present = <T>(value: T | null | undefined): T | undefined => value ?? undefined;
