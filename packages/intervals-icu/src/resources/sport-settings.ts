import { z } from "zod";
import type { RequestOptions } from "../client/request-options.js";
import { type SportSettings, sportSettingsSchema } from "../schemas/sport-settings.js";
import { type ResourceContext, requireId } from "./context.js";

export interface SportSettingsResource {
  /** Thresholds and zones for every sport group. */
  list(options?: RequestOptions): Promise<SportSettings[]>;
  /** One sport group's settings, by its id or by a sport it covers (e.g. `"Run"`). */
  get(idOrType: string | number, options?: RequestOptions): Promise<SportSettings>;
}

export function createSportSettingsResource({
  transport,
  athletePath,
}: ResourceContext): SportSettingsResource {
  return {
    list: async (options = {}) =>
      transport.send({
        method: "GET",
        path: `${athletePath}/sport-settings`,
        schema: z.array(sportSettingsSchema),
        signal: options.signal,
      }),
    get: async (idOrType, options = {}) =>
      transport.send({
        method: "GET",
        path: `${athletePath}/sport-settings/${requireId(idOrType, "idOrType")}`,
        schema: sportSettingsSchema,
        signal: options.signal,
      }),
  };
}
