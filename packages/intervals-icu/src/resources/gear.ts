import { z } from "zod";
import type { RequestOptions } from "../client/options.js";
import { type Gear, gearSchema } from "../schemas/gear.js";
import type { ResourceContext } from "./context.js";

export interface GearResource {
  /** Bikes, shoes and components, with totals. An activity's `gear` holds only the id; look names up here. */
  list(options?: RequestOptions): Promise<Gear[]>;
}

export function createGearResource({ transport, athletePath }: ResourceContext): GearResource {
  return {
    list: async (options = {}) =>
      transport.send({
        method: "GET",
        path: `${athletePath}/gear.json`,
        schema: z.array(gearSchema),
        signal: options.signal,
      }),
  };
}
