import {
  cadenceForSport,
  type PaceUnit,
  speedForSport as readableSpeed,
  skippedValues,
} from "@mcp-connectors/intervals-icu";
import { z } from "zod";

/** Rounds to `digits` decimals; a missing value stays missing (and is left out of results). */
export function round(value: number | null | undefined, digits = 1): number | undefined {
  if (value == null) return undefined;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/**
 * Speed as the athlete reads it in the sport (the client's `speedForSport`): a pace per km or mile, per
 * 100 m or 100 y, or per 500 m, in the athlete's preferred unit, else km/h; under the results' field names.
 */
export function speedForSport(
  sport: string | null | undefined,
  metresPerSecond: number | null | undefined,
  preferred?: PaceUnit,
): { pace?: string; speed_kmh?: number } {
  const speed = readableSpeed(sport, metresPerSecond, preferred);
  if (!speed) return {};
  return "pace" in speed ? { pace: speed.pace } : { speed_kmh: speed.speedKmh };
}

/** The API's `null` as a missing value, which results leave out. */
export const present = <T>(value: T | null | undefined): T | undefined => value ?? undefined;

/** The `notes` of an answer: sentences about what it leaves out and why. */
export const notesShape = z.array(z.string()).optional();

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

const cadenceField = { "steps/min": "cadence_spm", rpm: "cadence_rpm", "strokes/min": "cadence_strokes_min" };

/**
 * Cadence under a field naming its unit: `cadence_spm` (steps/min: twice the API's strides for runs and
 * walks), `cadence_rpm` for rides, `cadence_strokes_min` for swims and rowing; left out otherwise.
 */
export function cadenceFields(sport: string | null | undefined, cadence: number | null | undefined) {
  const read = cadenceForSport(sport, cadence);
  return read ? { [cadenceField[read.unit]]: round(read.value, 0) } : {};
}

/** Units of the fields tools share, for output schema descriptions. */
export const unitsLegend =
  "pace /km|/mile runs, /100m|/100y swims, /500m rows (athlete's unit), else speed_kmh; cadence_spm steps/min; load points";

const feelWords = ["strong", "good", "normal", "poor", "weak"];

/** How the athlete felt, with its scale: `"2 good (1 strong – 5 weak)"`. */
export function feelWithScale(feel: number | null | undefined): string | undefined {
  if (feel == null) return undefined;
  const word = feelWords[Math.round(feel) - 1];
  return `${feel}${word ? ` ${word}` : ""} (1 strong – 5 weak)`;
}

/** Perceived exertion with its scale: `"7/10"` (1 very easy – 10 maximal). */
export function rpeWithScale(rpe: number | null | undefined): string | undefined {
  return rpe == null ? undefined : `${rpe}/10 (1 very easy – 10 maximal)`;
}

/** Joules as kilojoules, one decimal. */
export const kilojoules = (joules: number | null | undefined) =>
  joules == null ? undefined : round(joules / 1000, 1);

/** Fields of result shapes: optional, as the API's nulls are left out; units are in the field names. */
export const num = z.number().optional();
export const str = z.string().optional();
/** What `speedForSport` and `cadenceFields` may add to a row. */
export const speedShape = { pace: str, speed_kmh: num };
export const cadenceShape = { cadence_spm: num, cadence_rpm: num, cadence_strokes_min: num };
/** Seconds in each zone, keyed `Z1`, `Z2`, …. */
export const zoneSeconds = z.record(z.string(), z.number()).optional();
