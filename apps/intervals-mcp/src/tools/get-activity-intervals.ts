import {
  type Interval,
  type IntervalGroup,
  isUnavailableActivity,
  type PaceUnit,
} from "@mcp-connectors/intervals-icu";
import { defineTool } from "@mcp-connectors/tool-builder";
import { z } from "zod";
import {
  cadenceFields,
  cadenceShape,
  kilojoules,
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
import { activityId, athleteId } from "../schemas.js";
import { type IntervalsTool, readAnnotations } from "./define.js";
import { unavailableResult, unavailableShape } from "./unavailable.js";

type Sport = { type: string | null | undefined; paceUnit: PaceUnit | undefined };

function intervalRow(interval: Interval, sport: Sport) {
  return {
    type: present(interval.type),
    label: present(interval.label),
    start_s: present(interval.start_time),
    duration_s: present(interval.moving_time),
    distance_m: round(interval.distance, 0),
    avg_watts: round(interval.average_watts, 0),
    np_watts: round(interval.weighted_average_watts, 0),
    max_watts: round(interval.max_watts, 0),
    intensity_pct: round(interval.intensity, 0),
    zone: interval.zone == null ? undefined : `Z${interval.zone}`,
    load: round(interval.training_load, 0),
    kj: kilojoules(interval.joules),
    avg_hr_bpm: round(interval.average_heartrate, 0),
    max_hr_bpm: round(interval.max_heartrate, 0),
    ...cadenceFields(sport.type, interval.average_cadence),
    ...speedForSport(sport.type, interval.average_speed, sport.paceUnit),
    gap_pace: speedForSport(sport.type, interval.gap, sport.paceUnit).pace,
    elevation_gain_m: round(interval.total_elevation_gain, 0),
    gradient_pct: interval.average_gradient == null ? undefined : round(interval.average_gradient * 100, 1),
    wbal_start_kj: kilojoules(interval.wbal_start),
    wbal_end_kj: kilojoules(interval.wbal_end),
    decoupling_pct: round(interval.decoupling, 1),
    group: present(interval.group_id),
  };
}

function groupRow(group: IntervalGroup, sport: Sport) {
  return {
    group: present(group.id),
    count: present(group.count),
    total_s: present(group.moving_time),
    avg_watts: round(group.average_watts, 0),
    avg_hr_bpm: round(group.average_heartrate, 0),
    ...cadenceFields(sport.type, group.average_cadence),
    ...speedForSport(sport.type, group.average_speed, sport.paceUnit),
    intensity_pct: round(group.intensity, 0),
  };
}

export const getActivityIntervals: IntervalsTool = (connection) =>
  defineTool({
    name: "get_activity_intervals",
    title: "Activity intervals",
    description:
      "An activity's intervals (type, label, zone, load, kJ, W'bal) and groups of similar reps: duration, power, HR, cadence, pace/GAP or speed, elevation gain and gradient.",
    input: z.object({ activity_id: activityId, athlete_id: athleteId }),
    output: z.looseObject({
      id: z.string(),
      available: z.boolean(),
      ...unavailableShape,
      intervals: z
        .array(
          z.looseObject({
            type: str.describe("WORK, RECOVERY, …"),
            label: str,
            start_s: num.describe("from the start"),
            duration_s: num,
            distance_m: num,
            avg_watts: num,
            np_watts: num,
            max_watts: num,
            intensity_pct: num,
            zone: str,
            load: num,
            kj: num,
            avg_hr_bpm: num,
            max_hr_bpm: num,
            ...cadenceShape,
            ...speedShape,
            gap_pace: str,
            elevation_gain_m: num,
            gradient_pct: num,
            wbal_start_kj: num,
            wbal_end_kj: num,
            decoupling_pct: num,
            group: str.describe("its group's id"),
          }),
        )
        .optional()
        .describe(unitsLegend),
      groups: z
        .array(
          z.looseObject({
            group: str,
            count: num,
            total_s: num,
            avg_watts: num,
            avg_hr_bpm: num,
            ...cadenceShape,
            ...speedShape,
            intensity_pct: num,
          }),
        )
        .optional(),
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
      const type = isUnavailableActivity(activity) ? undefined : activity.type;
      const sport = { type, paceUnit: (await paceUnitsFor(session, [type]))(type) };
      return {
        id: result.id,
        available: true,
        intervals: result.icu_intervals.map((interval) => intervalRow(interval, sport)),
        groups: result.icu_groups.map((group) => groupRow(group, sport)),
        notes: notes(skippedNote(result, activity)),
      };
    },
  });
