import { z } from "zod";
import type { RequestOptions } from "../client/request-options.js";
import type { ClientStateStore } from "../client/state-store.js";
import { type Gear, gearSchema } from "../schemas/gear.js";
import type { ResourceContext } from "./context.js";

export interface GearResource {
  /** Bikes, shoes and components, with totals. An activity's `gear` holds only the id; look names up here. */
  list(options?: RequestOptions): Promise<Gear[]>;
  /**
   * The name of one piece of gear, such as an activity's `gear.id`; null when the athlete has no such gear
   * or it has no name. The list is fetched once per client and athlete (and kept an hour in the shared
   * state's `store`) and fetched again only for an id it lacks (gear added since), so a detail view costs no
   * extra request after the first.
   *
   * @example await client.gear.nameOf(activity.gear.id) // "Pegasus 40"
   */
  nameOf(gearId: string, options?: RequestOptions): Promise<string | null>;
}

/** Gear lists already fetched, by athlete id; shared by a client and its `forAthlete` siblings. */
export type GearCache = Map<string, Promise<Gear[]>>;

/** How long a gear list is kept in a shared store, in seconds; an id it lacks fetches it again anyway. */
const GEAR_STORE_SECONDS = 3600;

export function createGearResource(
  { transport, athletePath }: ResourceContext,
  athleteId: string,
  gearLists: GearCache,
  store: ClientStateStore | undefined,
): GearResource {
  const list: GearResource["list"] = async (options = {}) =>
    transport.send({
      method: "GET",
      path: `${athletePath}/gear.json`,
      schema: z.array(gearSchema),
      signal: options.signal,
    });
  const storeKey = `gear:${athleteId}`;
  const keep = (gear: Promise<Gear[]>) => {
    gearLists.set(athleteId, gear);
    gear.catch(() => gearLists.delete(athleteId));
    return gear;
  };
  const fetchList = (options: RequestOptions) =>
    keep(
      list(options).then(async (gear) => {
        await store?.set(storeKey, JSON.stringify(gear), GEAR_STORE_SECONDS).catch(() => {});
        return gear;
      }),
    );
  /** The list another process kept in the shared store, if any (and still well-formed). */
  const storedList = async () => {
    const text = await store?.get(storeKey).catch(() => undefined);
    if (!text) return undefined;
    try {
      const parsed = z.array(gearSchema).safeParse(JSON.parse(text));
      return parsed.success ? keep(Promise.resolve(parsed.data)) : undefined;
    } catch {
      return undefined;
    }
  };
  return {
    list,
    async nameOf(gearId, options = {}) {
      const find = (gear: Gear[]) => gear.find((item) => item.id === gearId);
      const cached = gearLists.get(athleteId) ?? (await storedList());
      const item = (cached && find(await cached)) ?? find(await fetchList(options));
      return item?.name ?? null;
    },
  };
}
