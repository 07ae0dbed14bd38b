import type { RequestOptions } from "../client/request-options.js";
import type { ClientStateStore } from "../client/state-store.js";
import { type Athlete, athleteSchema } from "../schemas/athlete.js";
import { localDate } from "../training/dates.js";
import { type PaceUnit, paceUnitFromSettings } from "../training/pace.js";
import type { ResourceContext } from "./context.js";

export interface AthleteResource {
  /**
   * The athlete's profile with sport settings (FTP, LTHR, max HR, threshold pace, zones) and time zone.
   * The API key and invitation token the API includes are removed.
   */
  get(options?: RequestOptions): Promise<Athlete>;
  /**
   * How the athlete reads their data: time zone, pace unit per sport, form as % or points. Fetched once per
   * client and athlete (with the profile), then kept for the client's lifetime (and a day in the shared state's
   * `store`); a failed fetch is not kept.
   */
  settings(options?: RequestOptions): Promise<AthleteSettings>;
  /** The IANA time zone of the athlete's profile (`UTC` when unset), from `settings()`. */
  timeZone(options?: RequestOptions): Promise<string>;
  /**
   * The athlete's local date, `YYYY-MM-DD`, at `now` (default: the current time): the day the API's
   * `oldest`/`newest` mean, which differs from the server's near midnight.
   *
   * @example await client.athlete.today() // "2024-05-02" in Sydney while it is still May 1 in UTC
   */
  today(options?: RequestOptions & { now?: Date }): Promise<string>;
}

/** How an athlete reads their data, from their profile and sport settings. */
export interface AthleteSettings {
  /** IANA time zone every athlete-local date refers to; `UTC` when unset. */
  timezone: string;
  /** The pace unit each sport's settings choose (`{ Run: "mile", Swim: "100y" }`), for sports that set one. */
  paceUnits: Readonly<Record<string, PaceUnit>>;
  /** The profile's units (`measurement_preference`): `"feet"` for imperial; undefined when unset. */
  measurementPreference: string | undefined;
  /** The "show form as %" setting (`icu_form_as_percent`); undefined when the profile does not say. */
  formAsPercent: boolean | undefined;
}

/**
 * The pace unit an athlete prefers for a sport: the sport's own settings, else miles for an imperial
 * profile; undefined leaves the sport's convention (see `paceUnitForSport`).
 */
export function preferredPaceUnit(
  settings: AthleteSettings,
  sport: string | null | undefined,
): PaceUnit | undefined {
  if (sport && settings.paceUnits[sport]) return settings.paceUnits[sport];
  return settings.measurementPreference === "feet" ? "mile" : undefined;
}

function settingsOf(athlete: Athlete): AthleteSettings {
  const paceUnits: Record<string, PaceUnit> = {};
  for (const sport of athlete.sportSettings) {
    const unit = paceUnitFromSettings(sport.pace_units);
    if (unit) for (const type of sport.types) paceUnits[type] = unit;
  }
  const formAsPercent = (athlete as { icu_form_as_percent?: unknown }).icu_form_as_percent;
  return {
    timezone: athlete.timezone ?? "UTC",
    paceUnits,
    measurementPreference: athlete.measurement_preference ?? undefined,
    formAsPercent: typeof formAsPercent === "boolean" ? formAsPercent : undefined,
  };
}

/** Athlete settings already fetched, by athlete id; shared by a client and its `forAthlete` siblings. */
export type AthleteSettingsCache = Map<string, Promise<AthleteSettings>>;

/** How long settings are kept in a shared store, in seconds: profiles rarely change. */
const SETTINGS_STORE_SECONDS = 24 * 3600;

/** Settings a shared store gave back, when they have the shape `settingsOf` writes; else undefined. */
function storedSettings(text: string | undefined): AthleteSettings | undefined {
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as Partial<AthleteSettings>;
    return typeof value.timezone === "string" &&
      typeof value.paceUnits === "object" &&
      value.paceUnits !== null
      ? (value as AthleteSettings)
      : undefined;
  } catch {
    return undefined;
  }
}

/** How long a time zone is kept in a shared store, in seconds: profiles rarely move. */
const TIME_ZONE_STORE_SECONDS = 24 * 3600;

export function createAthleteResource(
  { transport, athletePath }: ResourceContext,
  athleteId: string,
  cache: AthleteSettingsCache,
  store: ClientStateStore | undefined,
): AthleteResource {
  const get: AthleteResource["get"] = async (options = {}) =>
    transport.send({ method: "GET", path: athletePath, schema: athleteSchema, signal: options.signal });
  const settings: AthleteResource["settings"] = (options = {}) => {
    let known = cache.get(athleteId);
    if (!known) {
      const storeKey = `settings:${athleteId}`;
      known = (async () => {
        const stored = storedSettings(await store?.get(storeKey).catch(() => undefined));
        if (stored) return stored;
        const fetched = settingsOf(await get(options));
        await store?.set(storeKey, JSON.stringify(fetched), SETTINGS_STORE_SECONDS).catch(() => {});
        return fetched;
      })();
      cache.set(athleteId, known);
      known.catch(() => cache.delete(athleteId));
    }
    return known;
  };
  const timeZone: AthleteResource["timeZone"] = async (options = {}) => (await settings(options)).timezone;
  return {
    get,
    settings,
    timeZone,
    today: async ({ now, ...options } = {}) => localDate(now ?? new Date(), await timeZone(options)),
  };
}
