import { z } from "zod";
import type { RequestOptions } from "../client/request-options.js";
import { carrySkippedValues } from "../schemas/lenient.js";
import { type Wellness, type WellnessUpdate, wellnessSchema } from "../schemas/wellness.js";
import { type FitnessDay, fitnessDays } from "../training/fitness.js";
import { type ResourceContext, requireLocalDate, withKeysReliedOn } from "./context.js";

/** A range of athlete-local days, both ends included. */
export interface DateRange {
  /** First day, `YYYY-MM-DD` (athlete-local). */
  oldest: string;
  /** Last day, `YYYY-MM-DD` (athlete-local). */
  newest: string;
}

export interface WellnessResource {
  /** One record per day that has data, oldest first, only days inside the window; `fields` limits the keys returned (`id`, the date, is always asked for). */
  list(query: DateRange & { fields?: readonly string[] }, options?: RequestOptions): Promise<Wellness[]>;
  /** One day's record (`date` is athlete-local `YYYY-MM-DD`). */
  get(date: string, options?: RequestOptions): Promise<Wellness>;
  /** Writes the given fields of one day and returns the stored record. Safe to repeat. */
  update(date: string, fields: WellnessUpdate, options?: RequestOptions): Promise<Wellness>;
  /** Daily fitness (CTL), fatigue (ATL), form (CTL − ATL), ramp rate and load, oldest first. */
  fitness(query: DateRange, options?: RequestOptions): Promise<FitnessDay[]>;
}

const fitnessFields = ["ctl", "atl", "rampRate", "ctlLoad", "atlLoad"];

export function createWellnessResource({ transport, athletePath }: ResourceContext): WellnessResource {
  const list: WellnessResource["list"] = async (query, options = {}) => {
    const records = await transport.send({
      method: "GET",
      path: `${athletePath}/wellness.json`,
      searchParams: {
        oldest: requireLocalDate(query.oldest, "oldest", false),
        newest: requireLocalDate(query.newest, "newest", false),
        fields: withKeysReliedOn(query.fields, ["id"])?.join(","),
      },
      schema: z.array(wellnessSchema),
      signal: options.signal,
    });
    // Kept to the window here too: nothing documents that the server never sends a day outside it.
    const inWindow = records.filter((record) => record.id >= query.oldest && record.id <= query.newest);
    carrySkippedValues(inWindow, records);
    return inWindow.sort((a, b) => a.id.localeCompare(b.id));
  };

  return {
    list,
    get: async (date, options = {}) =>
      transport.send({
        method: "GET",
        path: `${athletePath}/wellness/${requireLocalDate(date, "date", false)}`,
        schema: wellnessSchema,
        signal: options.signal,
      }),
    update: async (date, fields, options = {}) =>
      transport.send({
        method: "PUT",
        path: `${athletePath}/wellness/${requireLocalDate(date, "date", false)}`,
        json: { ...fields, id: date },
        schema: wellnessSchema,
        signal: options.signal,
      }),
    async fitness(query, options = {}) {
      const records = await list({ ...query, fields: fitnessFields }, options);
      const days = fitnessDays(records);
      carrySkippedValues(days, records);
      return days;
    },
  };
}
