import { z } from "zod";
import { apiId, apiNumber, apiString } from "./common.js";
import { sportSettingsSchema } from "./sport-settings.js";

/** Fields of the athlete object that are credentials or invitations; the client never returns them. */
const secretFields = ["icu_api_key", "icu_friend_invite_token"] as const;

/**
 * The athlete's profile with their sport settings. `weight` kg, `icu_resting_hr` bpm, `timezone` an IANA
 * zone such as `Europe/Amsterdam` (the zone every athlete-local date refers to).
 */
export const athleteSchema = z
  .looseObject({
    id: apiId,
    name: apiString,
    firstname: apiString,
    lastname: apiString,
    sex: apiString,
    city: apiString,
    country: apiString,
    timezone: apiString,
    locale: apiString,
    measurement_preference: apiString,
    weight: apiNumber,
    icu_weight: apiNumber,
    icu_resting_hr: apiNumber,
    icu_date_of_birth: apiString,
    sportSettings: z
      .array(sportSettingsSchema)
      .nullish()
      .transform((settings) => settings ?? []),
  })
  .transform((athlete) => {
    const copy: Record<string, unknown> = { ...athlete };
    for (const field of secretFields) delete copy[field];
    return copy as typeof athlete;
  });

export type Athlete = z.output<typeof athleteSchema>;
