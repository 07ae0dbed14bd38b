import { z } from "zod";
import { apiBoolean, apiId, apiNumber, apiString } from "./common.js";

/** A bike, pair of shoes or component. `distance` m, `time` s; `retired` is a date when retired. */
export const gearSchema = z.looseObject({
  id: apiId,
  type: apiString,
  name: apiString,
  purchased: apiString,
  notes: apiString,
  distance: apiNumber,
  time: apiNumber,
  activities: apiNumber,
  retired: apiString,
  component: apiBoolean,
});

export type Gear = z.output<typeof gearSchema>;
