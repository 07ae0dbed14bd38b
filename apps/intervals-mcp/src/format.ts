import { speedForSport as readableSpeed, skippedValues } from "@mcp-connectors/intervals-icu";
import { z } from "zod";

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

/** The `notes` of an answer: sentences about what it leaves out and why. */
export const notesShape = z.array(z.string()).optional().describe("what the answer leaves out, and why");

/**
 * A sentence counting the values Intervals.icu sent missing a part or in an unexpected type, which the
 * answer leaves out (the client keeps the rest of each record); undefined when there were none.
 */
export function skippedNote(...results: unknown[]): string | undefined {
  const counts = new Map<string, number>();
  for (const result of results) {
    for (const { field, count } of skippedValues(result)) counts.set(field, (counts.get(field) ?? 0) + count);
  }
  if (counts.size === 0) return undefined;
  const total = [...counts.values()].reduce((sum, count) => sum + count, 0);
  const list = [...counts].map(([field, count]) => `${field} (${count})`).join(", ");
  return `Left out ${total} value${total === 1 ? "" : "s"} Intervals.icu sent in an unexpected form: ${list}.`;
}

/** The notes given, without the missing ones; undefined when none remain (results leave it out). */
export function notes(...sentences: Array<string | undefined>): string[] | undefined {
  const present = sentences.filter((sentence) => sentence !== undefined);
  return present.length > 0 ? present : undefined;
}
