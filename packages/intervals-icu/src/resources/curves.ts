import type { z } from "zod";
import type { RequestOptions } from "../client/request-options.js";
import { heartRateCurveSetSchema, paceCurveSetSchema, powerCurveSetSchema } from "../schemas/curves.js";
import type { ResourceContext } from "./context.js";

/** Which curves to fetch. */
export interface CurveQuery {
  /** Sport, e.g. `Ride`, `Run`, `Swim` (the API requires it). */
  type: string;
  /**
   * Curve ids, default `["90d"]`: `7d`, `42d`, `90d`, `1y`, `all`, `s0` (this season), `s1` (last season)
   * or a date range from `dateRangeCurveId(oldest, newest)`.
   */
  curves?: readonly string[];
}

export type PowerCurveSet = z.output<typeof powerCurveSetSchema>;
export type PaceCurveSet = z.output<typeof paceCurveSetSchema>;
export type HeartRateCurveSet = z.output<typeof heartRateCurveSetSchema>;

export interface CurvesResource {
  /** Best power (W) for each duration (s), one curve per requested id. */
  power(query: CurveQuery, options?: RequestOptions): Promise<PowerCurveSet>;
  /** Best time (s) for each distance (m); `gap` uses grade-adjusted pace. */
  pace(query: CurveQuery & { gap?: boolean }, options?: RequestOptions): Promise<PaceCurveSet>;
  /** Best heart rate (bpm) sustained for each duration (s). */
  heartRate(query: CurveQuery, options?: RequestOptions): Promise<HeartRateCurveSet>;
}

export function createCurvesResource({ transport, athletePath }: ResourceContext): CurvesResource {
  function fetchCurves<Schema extends z.ZodType>(
    kind: string,
    schema: Schema,
    query: CurveQuery & { gap?: boolean },
    options: RequestOptions,
  ) {
    if (!query.type) throw new TypeError("Curves need a sport type such as Ride or Run.");
    return transport.send({
      method: "GET",
      path: `${athletePath}/${kind}.json`,
      searchParams: {
        type: query.type,
        curves: (query.curves ?? ["90d"]).join(","),
        gap: query.gap ? true : undefined,
      },
      schema,
      signal: options.signal,
    });
  }

  return {
    power: async (query, options = {}) => fetchCurves("power-curves", powerCurveSetSchema, query, options),
    pace: async (query, options = {}) => fetchCurves("pace-curves", paceCurveSetSchema, query, options),
    heartRate: async (query, options = {}) =>
      fetchCurves("hr-curves", heartRateCurveSetSchema, query, options),
  };
}
