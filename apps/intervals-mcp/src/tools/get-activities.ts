import type { Activity, PaceUnit } from "@mcp-connectors/intervals-icu";
import { defineTool } from "@mcp-connectors/tool-builder";
import { z } from "zod";
import {
  notes,
  notesShape,
  num,
  present,
  round,
  skippedNote,
  speedForSport,
  speedShape,
  str,
  unitsLegend,
} from "../format.js";
import { paceUnitsFor } from "../preferences.js";
import { athleteId, dateRange, sport } from "../schemas.js";
import { resolveWindow } from "../window.js";
import { type IntervalsTool, readAnnotations } from "./define.js";

// Only the keys a row shows, so the API sends less; `id` first, as rows need it and the API need not add it
// unasked; `source` and `_note` mark Strava stubs.
const listFields = [
  "id",
  "start_date_local",
  "name",
  "type",
  "moving_time",
  "distance",
  "total_elevation_gain",
  "icu_training_load",
  "icu_intensity",
  "icu_average_watts",
  "icu_weighted_avg_watts",
  "average_heartrate",
  "average_speed",
  "icu_rpe",
  "feel",
  "source",
  "_note",
];

/** Does an activity of type `type` count as the sport asked for? `Ride` also matches `VirtualRide`. */
const matchesSport = (type: string | null | undefined, wanted: string) =>
  (type ?? "").toLowerCase().endsWith(wanted.toLowerCase());

function activityRow(activity: Activity, paceUnit: PaceUnit | undefined) {
  return {
    id: activity.id,
    start: activity.start_date_local.slice(0, 16),
    name: present(activity.name),
    sport: present(activity.type),
    duration_s: present(activity.moving_time),
    distance_m: round(activity.distance, 0),
    elevation_m: round(activity.total_elevation_gain, 0),
    load: round(activity.icu_training_load, 0),
    intensity_pct: round(activity.icu_intensity, 0),
    avg_watts: round(activity.icu_average_watts, 0),
    np_watts: round(activity.icu_weighted_avg_watts, 0),
    avg_hr_bpm: round(activity.average_heartrate, 0),
    ...speedForSport(activity.type, activity.average_speed, paceUnit),
    rpe: present(activity.icu_rpe),
    feel: present(activity.feel),
  };
}

export const getActivities: IntervalsTool = (connection) =>
  defineTool({
    name: "get_activities",
    title: "List activities",
    description:
      "Completed activities in a date window, newest first; units in field names. Strava-synced ones are counted, not listed: the API withholds them.",
    input: z.object({
      ...dateRange("30 days ago", "today"),
      limit: z.number().int().min(1).max(500).default(30).describe("most rows to return"),
      include_unnamed: z.boolean().default(false).describe("also list activities without a name"),
      sport: sport.optional().describe("only this sport; Ride also matches VirtualRide"),
      athlete_id: athleteId,
    }),
    output: z.object({
      start_date: z.string(),
      end_date: z.string(),
      activities: z
        .array(
          z.looseObject({
            id: z.string(),
            start: z.string().describe("local, YYYY-MM-DDTHH:MM"),
            name: str,
            sport: str,
            duration_s: num,
            distance_m: num,
            elevation_m: num,
            load: num,
            intensity_pct: num,
            avg_watts: num,
            np_watts: num,
            avg_hr_bpm: num,
            ...speedShape,
            rpe: num.describe("1-10"),
            feel: num.describe("1 strong-5 weak"),
          }),
        )
        .describe(unitsLegend),
      more: z.number().optional(),
      unnamed_hidden: z.number().optional(),
      strava_unavailable: z.number().optional(),
      notes: notesShape,
    }),
    annotations: readAnnotations,
    handler: async (input, context) => {
      const session = connection.open(context, input.athlete_id);
      const window = await resolveWindow(input, { before: 30, after: 0 }, session.today);
      const list = await session.client.activities.list(
        { ...window, fields: listFields },
        { signal: session.signal },
      );
      const { activities } = list;
      const wanted = input.sport;
      const ofSport = wanted ? activities.filter((a) => matchesSport(a.type, wanted)) : activities;
      // Strava stubs rarely say their sport: with a sport filter, those that do count only if they match.
      const unavailable = wanted
        ? list.unavailable.filter((stub) => stub.type === undefined || matchesSport(stub.type, wanted))
        : list.unavailable;
      const sportUnknown = wanted ? unavailable.filter((stub) => stub.type === undefined).length : 0;
      const named = input.include_unnamed ? ofSport : ofSport.filter((a) => a.name?.trim());
      const unnamedHidden = ofSport.length - named.length;
      const shown = named.slice(0, input.limit);
      const paceUnit = await paceUnitsFor(
        session,
        shown.map((activity) => activity.type),
      );
      return {
        start_date: window.oldest,
        end_date: window.newest,
        activities: shown.map((activity) => activityRow(activity, paceUnit(activity.type))),
        more: named.length > input.limit ? named.length - input.limit : undefined,
        unnamed_hidden: unnamedHidden > 0 ? unnamedHidden : undefined,
        strava_unavailable: unavailable.length > 0 ? unavailable.length : undefined,
        notes: notes(
          unavailable.length > 0
            ? `${unavailable.length} Strava-synced activities are not available through the Intervals.icu API; sync the device to Intervals.icu directly or upload the files to see them.`
            : undefined,
          sportUnknown > 0
            ? `The API does not say the sport of ${sportUnknown} of them, so they may or may not be ${wanted}s.`
            : undefined,
          skippedNote(list),
        ),
      };
    },
  });
