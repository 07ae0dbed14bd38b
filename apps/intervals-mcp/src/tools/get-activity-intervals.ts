import { type Interval, type IntervalGroup, isUnavailableActivity } from "@mcp-connectors/intervals-icu";
import { defineTool } from "@mcp-connectors/tool-builder";
import { z } from "zod";
import { notes, notesShape, present, round, skippedNote, speedForSport } from "../format.js";
import { activityId, athleteId } from "../schemas.js";
import { type IntervalsTool, readAnnotations } from "./define.js";
import { unavailableResult } from "./unavailable.js";

function intervalRow(interval: Interval, sport: string | null | undefined) {
  return {
    label: present(interval.label) ?? present(interval.type),
    start_s: present(interval.start_time),
    duration_s: present(interval.moving_time),
    distance_m: round(interval.distance, 0),
    avg_watts: round(interval.average_watts, 0),
    np_watts: round(interval.weighted_average_watts, 0),
    max_watts: round(interval.max_watts, 0),
    intensity_pct: round(interval.intensity, 0),
    avg_hr_bpm: round(interval.average_heartrate, 0),
    max_hr_bpm: round(interval.max_heartrate, 0),
    cadence: round(interval.average_cadence, 0),
    ...speedForSport(sport, interval.average_speed),
    wbal_end_joules: round(interval.wbal_end, 0),
    group: present(interval.group_id),
  };
}

function groupRow(group: IntervalGroup, sport: string | null | undefined) {
  return {
    group: present(group.id),
    count: present(group.count),
    total_s: present(group.moving_time),
    avg_watts: round(group.average_watts, 0),
    avg_hr_bpm: round(group.average_heartrate, 0),
    cadence: round(group.average_cadence, 0),
    ...speedForSport(sport, group.average_speed),
    intensity_pct: round(group.intensity, 0),
  };
}

export const getActivityIntervals: IntervalsTool = (connection) =>
  defineTool({
    name: "get_activity_intervals",
    title: "Activity intervals",
    description:
      "An activity's intervals and groups of similar reps: duration, power, HR, cadence, pace or speed, W'bal.",
    input: z.object({ activity_id: activityId, athlete_id: athleteId }),
    output: z.looseObject({
      id: z.string(),
      available: z.boolean(),
      intervals: z.array(z.looseObject({})).optional(),
      groups: z.array(z.looseObject({})).optional(),
      notes: notesShape,
    }),
    annotations: readAnnotations,
    handler: async ({ activity_id, athlete_id }, context) => {
      const session = connection.open(context, athlete_id);
      const { client, signal } = session;
      // The intervals endpoint does not name the sport, and pace or speed depends on it.
      const [result, activity] = await Promise.all([
        client.activities.intervals(activity_id, { signal }),
        client.activities.get(activity_id, {}, { signal }),
      ]);
      if (isUnavailableActivity(result)) return unavailableResult(result);
      const sport = isUnavailableActivity(activity) ? undefined : activity.type;
      return {
        id: result.id,
        available: true,
        intervals: result.icu_intervals.map((interval) => intervalRow(interval, sport)),
        groups: result.icu_groups.map((group) => groupRow(group, sport)),
        notes: notes(skippedNote(result, activity)),
      };
    },
  });
