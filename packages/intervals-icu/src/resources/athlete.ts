import type { RequestOptions } from "../client/options.js";
import { type Athlete, athleteSchema } from "../schemas/athlete.js";
import type { ResourceContext } from "./context.js";

export interface AthleteResource {
  /**
   * The athlete's profile with sport settings (FTP, LTHR, max HR, threshold pace, zones) and time zone.
   * The API key and invitation token the API includes are removed.
   */
  get(options?: RequestOptions): Promise<Athlete>;
}

export function createAthleteResource({ transport, athletePath }: ResourceContext): AthleteResource {
  return {
    get: async (options = {}) =>
      transport.send({ method: "GET", path: athletePath, schema: athleteSchema, signal: options.signal }),
  };
}
