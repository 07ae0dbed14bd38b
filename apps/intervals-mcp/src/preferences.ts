import {
  type AthleteSettings,
  IntervalsError,
  type PaceUnit,
  paceUnitForSport,
  preferredPaceUnit,
} from "@mcp-connectors/intervals-icu";
import type { Session } from "./connection.js";

/**
 * The athlete's settings, or undefined when the profile cannot be read: a display preference never fails
 * an answer whose data did arrive (the sport's convention applies instead).
 */
export async function settingsIfReadable(session: Session): Promise<AthleteSettings | undefined> {
  try {
    return await session.settings();
  } catch (error) {
    if (error instanceof IntervalsError) return undefined;
    throw error;
  }
}

/**
 * The pace unit the athlete prefers for each sport, read from their profile only when one of `sports` is
 * read as a pace (runs, walks, swims, rowing): rides alone cost no request.
 */
export async function paceUnitsFor(
  session: Session,
  sports: ReadonlyArray<string | null | undefined>,
): Promise<(sport: string | null | undefined) => PaceUnit | undefined> {
  if (!sports.some((sport) => paceUnitForSport(sport) !== null)) return () => undefined;
  const settings = await settingsIfReadable(session);
  return (sport) => (settings ? preferredPaceUnit(settings, sport) : undefined);
}
