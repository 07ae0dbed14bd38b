import { type Activity, IntervalsResponseError, isUnavailableActivity } from "@mcp-connectors/intervals-icu";
import { defineTool } from "@mcp-connectors/tool-builder";
import { z } from "zod";
import type { Session } from "../connection.js";
import {
  cadenceFields,
  cadenceShape,
  feelWithScale,
  kilojoules,
  notes,
  notesShape,
  num,
  present,
  round,
  rpeWithScale,
  skippedNote,
  speedForSport,
  speedShape,
  str,
  unitsLegend,
  zoneSeconds,
} from "../format.js";
import { paceUnitsFor } from "../preferences.js";
import { activityId, athleteId } from "../schemas.js";
import { type IntervalsTool, readAnnotations } from "./define.js";
import { unavailableResult, unavailableShape } from "./unavailable.js";

/** Seconds spent in each zone, keyed `Z1`…; the API sends power zones by id and HR zones by position. */
function zoneTimes(activity: Activity) {
  const power = activity.icu_zone_times?.filter((zone) => /^Z\d$/.test(zone.id) && zone.secs);
  const hr = activity.icu_hr_zone_times;
  return {
    power_zones_s: power?.length
      ? Object.fromEntries(power.map((zone) => [zone.id, zone.secs ?? 0]))
      : undefined,
    hr_zones_s: hr?.some(Boolean)
      ? Object.fromEntries(hr.map((secs, index) => [`Z${index + 1}`, secs ?? 0]))
      : undefined,
  };
}

/**
 * The activity's gear by name; the API sends only its id, the client remembers the athlete's gear list.
 * A gear list the client cannot use leaves the name out rather than failing the activity's details.
 */
async function gearName(session: Session, activity: Activity): Promise<string | undefined> {
  const gear = activity.gear;
  if (!gear?.id) return undefined;
  if (gear.name) return gear.name;
  try {
    return present(await session.client.gear.nameOf(gear.id, { signal: session.signal }));
  } catch (error) {
    if (error instanceof IntervalsResponseError) return undefined;
    throw error;
  }
}

export const getActivityDetails: IntervalsTool = (connection) =>
  defineTool({
    name: "get_activity_details",
    title: "Activity details",
    description:
      "One activity: summary, power, HR, pace (and GAP) or speed, load and its power/HR/pace split, TRIMP, kJ, W'bal, efficiency, decoupling, zones, compliance, temperature, gear, RPE, feel, notes.",
    input: z.object({ activity_id: activityId, athlete_id: athleteId }),
    output: z
      .looseObject({
        id: z.string(),
        available: z.boolean().describe("false for a Strava-synced activity the API withholds"),
        ...unavailableShape,
        name: str,
        sport: str,
        duration_s: num.describe("moving"),
        elapsed_s: num,
        distance_m: num,
        elevation_m: num,
        ...speedShape,
        gap_pace: str.describe("grade-adjusted"),
        load: num,
        load_power: num,
        load_hr: num,
        load_hr_type: str,
        load_pace: num,
        trimp: num,
        compliance_pct: num,
        intensity_pct: num,
        ftp_watts: num,
        avg_watts: num,
        np_watts: num,
        work_kj: num,
        max_wbal_depletion_kj: num,
        variability_index: num,
        efficiency_factor: num,
        decoupling_pct: num,
        avg_hr_bpm: num,
        max_hr_bpm: num,
        ...cadenceShape,
        calories: num.describe("kcal"),
        avg_temp_c: num,
        weather_temp_c: num,
        power_zones_s: zoneSeconds,
        hr_zones_s: zoneSeconds,
        fitness_ctl: num,
        fatigue_atl: num,
        rpe: str,
        feel: str,
        trainer: z.boolean().optional(),
        race: z.boolean().optional(),
        gear: str,
        device: str,
        description: str,
        planned_event_id: num,
        notes: notesShape,
      })
      .describe(unitsLegend),
    annotations: readAnnotations,
    handler: async ({ activity_id, athlete_id }, context) => {
      const session = connection.open(context, athlete_id);
      const activity = await session.client.activities.get(activity_id, {}, { signal: session.signal });
      if (isUnavailableActivity(activity)) return unavailableResult(activity);
      const paceUnit = (await paceUnitsFor(session, [activity.type]))(activity.type);
      return {
        id: activity.id,
        available: true,
        start: activity.start_date_local.slice(0, 16),
        name: present(activity.name),
        sport: present(activity.type),
        duration_s: present(activity.moving_time),
        elapsed_s: present(activity.elapsed_time),
        distance_m: round(activity.distance, 0),
        elevation_m: round(activity.total_elevation_gain, 0),
        ...speedForSport(activity.type, activity.average_speed, paceUnit),
        gap_pace: speedForSport(activity.type, activity.gap, paceUnit).pace,
        load: round(activity.icu_training_load, 0),
        load_power: round(activity.power_load, 0),
        load_hr: round(activity.hr_load, 0),
        load_hr_type: present(activity.hr_load_type),
        load_pace: round(activity.pace_load, 0),
        trimp: round(activity.trimp, 0),
        compliance_pct: round(activity.compliance, 0),
        intensity_pct: round(activity.icu_intensity, 0),
        ftp_watts: present(activity.icu_ftp),
        avg_watts: round(activity.icu_average_watts, 0),
        np_watts: round(activity.icu_weighted_avg_watts, 0),
        work_kj: kilojoules(activity.icu_joules),
        max_wbal_depletion_kj: kilojoules(activity.icu_max_wbal_depletion),
        variability_index: round(activity.icu_variability_index, 2),
        efficiency_factor: round(activity.icu_efficiency_factor, 2),
        decoupling_pct: round(activity.decoupling, 1),
        avg_hr_bpm: round(activity.average_heartrate, 0),
        max_hr_bpm: round(activity.max_heartrate, 0),
        ...cadenceFields(activity.type, activity.average_cadence),
        calories: present(activity.calories),
        avg_temp_c: round(activity.average_temp, 0),
        weather_temp_c: round(activity.average_weather_temp, 0),
        ...zoneTimes(activity),
        fitness_ctl: round(activity.icu_ctl),
        fatigue_atl: round(activity.icu_atl),
        rpe: rpeWithScale(activity.icu_rpe ?? activity.perceived_exertion),
        feel: feelWithScale(activity.feel),
        trainer: present(activity.trainer),
        race: present(activity.race) || undefined,
        gear: await gearName(session, activity),
        device: present(activity.device_name),
        description: present(activity.description),
        planned_event_id: present(activity.paired_event_id),
        notes: notes(skippedNote(activity)),
      };
    },
  });
