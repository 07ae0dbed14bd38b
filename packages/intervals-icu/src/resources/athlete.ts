import type { ClientStateStore } from "../client/create-client.js";
import type { RequestOptions } from "../client/options.js";
import { type Athlete, athleteSchema } from "../schemas/athlete.js";
import { localDate } from "../training/dates.js";
import type { ResourceContext } from "./context.js";

export interface AthleteResource {
  /**
   * The athlete's profile with sport settings (FTP, LTHR, max HR, threshold pace, zones) and time zone.
   * The API key and invitation token the API includes are removed.
   */
  get(options?: RequestOptions): Promise<Athlete>;
  /**
   * The IANA time zone of the athlete's profile (`UTC` when unset). Fetched once per client and athlete,
   * then kept for the client's lifetime (and a day in the shared state's `store`); a failed fetch is not kept.
   */
  timeZone(options?: RequestOptions): Promise<string>;
  /**
   * The athlete's local date, `YYYY-MM-DD`, at `now` (default: the current time): the day the API's
   * `oldest`/`newest` mean, which differs from the server's near midnight.
   *
   * @example await client.athlete.today() // "2024-05-02" in Sydney while it is still May 1 in UTC
   */
  today(options?: RequestOptions & { now?: Date }): Promise<string>;
}

/** Time zones already fetched, by athlete id; shared by a client and its `forAthlete` siblings. */
export type TimeZoneCache = Map<string, Promise<string>>;

/** How long a time zone is kept in a shared store, in seconds: profiles rarely move. */
const TIME_ZONE_STORE_SECONDS = 24 * 3600;

export function createAthleteResource(
  { transport, athletePath }: ResourceContext,
  athleteId: string,
  timeZones: TimeZoneCache,
  store: ClientStateStore | undefined,
): AthleteResource {
  const get: AthleteResource["get"] = async (options = {}) =>
    transport.send({ method: "GET", path: athletePath, schema: athleteSchema, signal: options.signal });
  const timeZone: AthleteResource["timeZone"] = (options = {}) => {
    let zone = timeZones.get(athleteId);
    if (!zone) {
      const storeKey = `timezone:${athleteId}`;
      zone = (async () => {
        const stored = await store?.get(storeKey).catch(() => undefined);
        if (stored) return stored;
        const fetched = (await get(options)).timezone ?? "UTC";
        await store?.set(storeKey, fetched, TIME_ZONE_STORE_SECONDS).catch(() => {});
        return fetched;
      })();
      timeZones.set(athleteId, zone);
      zone.catch(() => timeZones.delete(athleteId));
    }
    return zone;
  };
  return {
    get,
    timeZone,
    today: async ({ now, ...options } = {}) => localDate(now ?? new Date(), await timeZone(options)),
  };
}
