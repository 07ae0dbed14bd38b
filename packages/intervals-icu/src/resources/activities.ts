import { z } from "zod";
import type { RequestOptions } from "../client/request-options.js";
import { IntervalsValidationError } from "../errors/IntervalsValidationError.js";
import {
  type Activity,
  type ActivitySearchResult,
  activityListSchema,
  activityOrStubSchema,
  activitySearchResultSchema,
  isUnavailableActivity,
  type UnavailableActivity,
  unavailableActivity,
} from "../schemas/activity.js";
import { type ActivityIntervals, activityIntervalsSchema } from "../schemas/intervals.js";
import { carrySkippedValues } from "../schemas/lenient.js";
import { type ActivityStream, activityStreamSchema } from "../schemas/streams.js";
import { type ResourceContext, requireId, requireLocalDate, withKeysReliedOn } from "./context.js";

/** Which activities `activities.list` returns. Dates are the athlete's local dates, both ends included. */
export interface ActivityListQuery {
  /** First day, `YYYY-MM-DD` (athlete-local). */
  oldest: string;
  /** Last day, `YYYY-MM-DD` (athlete-local); defaults to today on the server. */
  newest?: string;
  /** Most activities to return (the API counts Strava stubs too). */
  limit?: number;
  /**
   * Only these keys; the API then drops nulls. Smaller and faster for summaries. The client always asks
   * for `id`, `start_date_local`, `source` and `_note` too, as it needs them (the API need not add them).
   */
  fields?: readonly string[];
}

/** An activity list split into the activities the API returned and the Strava ones it would not. */
export interface ActivityList {
  /** Newest first, only those starting inside the window. */
  activities: Activity[];
  /** Strava-synced activities in the window: their data is not available through the API. */
  unavailable: UnavailableActivity[];
}

export interface ActivitiesResource {
  /**
   * Activities that started between `oldest` and `newest` (athlete-local dates), newest first. Rows the
   * server returns outside the window are dropped.
   */
  list(query: ActivityListQuery, options?: RequestOptions): Promise<ActivityList>;
  /** One activity, optionally with its intervals (`icu_intervals`); a Strava stub for Strava activities. */
  get(
    activityId: string,
    query?: { intervals?: boolean },
    options?: RequestOptions,
  ): Promise<Activity | UnavailableActivity>;
  /** The activity's intervals and interval groups. */
  intervals(activityId: string, options?: RequestOptions): Promise<ActivityIntervals | UnavailableActivity>;
  /**
   * Recorded streams, e.g. `["time", "watts", "heartrate"]` (all when omitted). Types the activity lacks
   * are left out of the answer; an unknown type is a validation error.
   */
  streams(
    activityId: string,
    query?: { types?: readonly string[] },
    options?: RequestOptions,
  ): Promise<ActivityStream[] | UnavailableActivity>;
  /** Activities whose name or tags match `text`, newest first. */
  search(text: string, query?: { limit?: number }, options?: RequestOptions): Promise<ActivitySearchResult[]>;
}

const stravaRefusal = /strava/i;

/**
 * What the list needs of every row, whatever else was asked for: `id` first, the start to keep the window,
 * and `source` and `_note` to tell a Strava stub from an activity.
 */
const keysListsRelyOn = ["id", "start_date_local", "source", "_note"] as const;

export function createActivitiesResource({ transport, athletePath }: ResourceContext): ActivitiesResource {
  /** The API answers 422 "Cannot read Strava activities via the API" for Strava-synced ones. */
  async function unlessStrava<T>(activityId: string, request: Promise<T>): Promise<T | UnavailableActivity> {
    try {
      return await request;
    } catch (error) {
      if (error instanceof IntervalsValidationError && stravaRefusal.test(error.apiMessage ?? "")) {
        return unavailableActivity(
          activityId,
          error.apiMessage ?? "STRAVA activities are not available via the API",
        );
      }
      throw error;
    }
  }

  return {
    async list(query, options = {}) {
      const oldest = requireLocalDate(query.oldest, "oldest");
      const newest = query.newest === undefined ? undefined : requireLocalDate(query.newest, "newest");
      const fields = withKeysReliedOn(query.fields, keysListsRelyOn);
      const rows = await transport.send({
        method: "GET",
        path: `${athletePath}/activities`,
        searchParams: { oldest, newest, limit: query.limit, fields: fields?.join(",") },
        schema: activityListSchema(fields),
        signal: options.signal,
      });
      const inWindow = (start: string | undefined) =>
        start === undefined ||
        (start.slice(0, 10) >= oldest.slice(0, 10) &&
          (newest === undefined || start.slice(0, 10) <= newest.slice(0, 10)));
      const list: ActivityList = { activities: [], unavailable: [] };
      for (const row of rows) {
        if (!inWindow(row.start_date_local ?? undefined)) continue;
        if (isUnavailableActivity(row)) list.unavailable.push(row);
        else list.activities.push(row);
      }
      list.activities.sort((a, b) => b.start_date_local.localeCompare(a.start_date_local));
      carrySkippedValues(list, rows);
      return list;
    },

    async get(activityId, query = {}, options = {}) {
      const id = requireId(activityId, "activityId");
      return unlessStrava(
        activityId,
        transport.send({
          method: "GET",
          path: `/activity/${id}`,
          searchParams: { intervals: query.intervals ? true : undefined },
          schema: activityOrStubSchema,
          signal: options.signal,
        }),
      );
    },

    async intervals(activityId, options = {}) {
      const id = requireId(activityId, "activityId");
      return unlessStrava(
        activityId,
        transport.send({
          method: "GET",
          path: `/activity/${id}/intervals`,
          schema: activityIntervalsSchema,
          signal: options.signal,
        }),
      );
    },

    async streams(activityId, query = {}, options = {}) {
      const id = requireId(activityId, "activityId");
      return unlessStrava(
        activityId,
        transport.send({
          method: "GET",
          path: `/activity/${id}/streams.json`,
          searchParams: { types: query.types?.join(",") },
          schema: z.array(activityStreamSchema),
          signal: options.signal,
        }),
      );
    },

    search(text, query = {}, options = {}) {
      return transport.send({
        method: "GET",
        path: `${athletePath}/activities/search`,
        searchParams: { q: text, limit: query.limit },
        schema: z.array(activitySearchResultSchema),
        signal: options.signal,
      });
    },
  };
}
